"""Word lists the person and organisation rules rely on; kept apart so they can grow without code changes."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """A word set written as one space-separated string, so long lists stay readable."""
    return frozenset(text.split())


def _ordered(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Korean surnames: the common single-syllable ones and the compound ones.
SURNAMES = _words(
    "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노 하 곽 "
    "성 차 주 우 구 민 진 나 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 "
    "라 왕 금 옥 육 인 맹 제 모 탁 국 어 은 편 용 예 경 봉 사 부 가 복 태 목 형 피 두 감 음 빈 동 온 호 "
    "범 좌 승 상 시 견 당 화 옹 팽 계 단 간 근 빙 탄 요"
)
COMPOUND_SURNAMES = _words("남궁 황보 제갈 선우 독고 사공 서문 동방")

# Titles and roles as written after (or before) a name. Checked as whole words or word endings.
ROLE_ENDINGS = _ordered(
    "대표 대표이사 회장 이사장 사장 원장 센터장 관장 소장 단장 국장 실장 과장 팀장 본부장 처장 총장 교수 "
    "연구원 연구위원 박사 학생 대학생 대학원생 교육생 수료생 졸업생 시장 군수 구청장 도지사 교육감 의원 위원장 "
    "위원 매니저 개발자 엔지니어 디자이너 직장인 활동가 상인 기사 보호사 복지사 간호사 교사 교장 변호사 노무사 "
    "세무사 작가 감독 창업자 주무관 정책관 담당관 보좌관 지부장 지회장 주니어 회원 이사 사무장 부장 차장 주임 "
    "책임 청년 농민 어민 셰프 점주 운영자 이장 통장 반장 부녀회장 협회장 상인회장 의장 부의장 청장 부시장 "
    "부군수 연출가 예술가 선수 코치 "
    "장학관 장학사 사서 조정관 감독관 심의관 상담사 해설사 "
    "치료사 영양사 미화원 배우 가수 화가 시인 소설가 주민 "
    "시민 학부모 주부 귀농인 "
    # national and local government titles, broadcasters and panel roles seen in real articles
    "수석 비서관 공보관 대변인 장관 차관 부총리 총리 대통령 사무관 서기관 소방경 면장 동장 지사 멤버 홍보대사 "
    "아나운서 기업인 사회자 패널 조합장 감사 총무 "
    # rescue and police ranks written after a name ("...을 구한 OOO 소방서 소방대원")
    "대원 소방관 경찰관"
)
# Words that may stand before a role and belong to it ("제5기 교육생", "선임 연구원", "주니어 개발자").
ROLE_MODIFIERS = _words(
    "주니어 시니어 선임 수석 책임 전임 객원 상임 공동 명예 겸임 초대 신임 전 前 현 부 대표 수습 예비 청년"
)
# Hosts of a city dialogue: the first person with one of these roles is the host.
HOST_ROLES = frozenset({"시장", "군수", "구청장", "도지사", "교육감"})

# Organisation endings, for speakers that are organisations and for reading "(조선대)".
ORG_ENDINGS = _ordered(
    "연합 협회 센터 재단 공사 공단 조합 위원회 연대 네트워크 협의회 상인회 단체 학교 대학교 대학 대 시 군 "
    "구 도 청 시청 도청 구청 군청 의회 회의소 진흥원 연구원 연구소 사업단 ㈜ (주) 회사 은행 병원 복지관 "
    "클럽 부 처 국 과 실 팀 본부 지부 지회 아카데미 캠퍼스 극단 회 모임 포럼 조직 법인 기업 랩스 그룹"
)
# Endings that make a 3-syllable word a place or body rather than a person ("조선대", "가람천").
NOT_NAME_ENDINGS = _words("대 시 군 청 회 천 항 역 과 단 점 읍 초")
# Common nouns that begin with a surname syllable and are never names here.
NOT_NAMES = _words(
    """
    이날 이번 이후 이어 이곳 이들 이상 이하 지난 지난해 지난달 올해 내년 작년
    지역 지원 정책 정부 시민 시청 주민 기업 교육 대표 전문
    현장 한편 오늘 오후 오전 최근 조기 신입 강당 공공 여성 고객 문화 노동 노동자 장애인 하천 안내 방문
    제조 설비 배달 유치 운영 상인 도시 관광 경력 주말 전통 연구원 전문가 대학생 신입생 주민들 한국인
    조합원 공무원 시의원 구의원 도의원 관계자 참석자 방문객 관광객 교육생 수료생 졸업생 사무실 한국
    서울 부산 대구 인천 광주 대전 울산 세종 경기 강원 충북 충남 전북 전남 경북 경남 제주 일본 중국 미국
    정도 정말 정보 기술 기회 기관 강조 강화 소통 소개 소상공인 마을 마련 고민 고용 고령 고립 공간 공동
    구매 구조 구간 국가 국내 국민 권리 금융 기준 나눔 남구 동구 북구 서구 중구 도움 도로 모두 문제 민간
    방안 배차 변화 보호 복지 부족 사업 상담 상황 생활 서비스 석사 선정 설명 성과 성장 소득 수요 시간
    시설 신청 안전 양성 연계 예산 오랜 옥상 온라인 우리 원도심 위기 유지 육아 은행 인력 인재 인프라
    임대료 장소 장애 전환 정착 제도 제안 조성 주거 주차 지구 지원금 진행 차량 창업 채용 청년 최대 최고
    추진 탄소 통합 편의 표준 하루 한계 함께 해결 행사 현실 협력 홍보 확대 확보 환경 활동 회의 희망
    """
)
# Nouns for unnamed individuals ("한 참석자는", "시 관계자는"): a quote from them has no named speaker.
ANONYMOUS_NOUNS = _words(
    "참석자 관계자 시민 주민 상인 학생 청년 어르신 활동가 직장인 기사 교육생 부모 학부모 노동자 참가자 "
    "회원 관계자는 전문가 창업자 대표"
)
ANONYMOUS_DETERMINERS = frozenset({"한", "어느", "다른", "또다른"})
PRONOUNS = frozenset({"그", "그녀", "그가", "그는", "그녀는"})
# Adverbs and time words that take 은/는 but are never the speaker ("이날은", "특히").
NOT_SUBJECTS = _words("이날 오늘 이번 특히 또 또한 이어 한편 앞서 이후 이에 이와 이날도 최근 현재 당시 그러면서 아울러")
