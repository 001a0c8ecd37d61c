"""The showcase filled in for the demo: the National AI Data Center and the AI academy with the city's words
and pictures' captions in both languages, and a few visit requests (waiting, accepted, declined). The facts
beside them (demonstrations, events, figures) are the other capabilities' demo records, read live.

The data center's point is the sample timetable's stop of the same name, so trips from the airport end at
its door; the academy stands a few hundred metres away in the same cluster (fictional addresses)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.accounts.models import User
from bitgoeul.core.time import local_today
from bitgoeul.demo_time import demo_now
from bitgoeul.showcase.models import ShowcasePicture, ShowcaseSite, VisitRequest

DATA_CENTER: dict[str, Any] = {
    "slug": "ai-data-center", "position": 1,
    "name_ko": "국가AI데이터센터", "name_en": "National AI Data Center",
    "summary_ko": "첨단3지구 AI 집적단지 한가운데 있는 국가AI데이터센터는 지역 AI 기업이 큰 모델을 학습하고 "
                  "실증 결과를 검증하는 곳입니다. 야구장과 비엔날레처럼, 광주에 오면 꼭 들러 볼 곳이 되려 합니다.",
    "summary_en": "At the heart of the Cheomdan 3 AI cluster, the National AI Data Center is where local AI firms "
                  "train large models and check their demonstrations' results. Like the city's ballpark and its "
                  "Biennale, it means to be a place people come to Gwangju to see.",
    "compute_ko": "GPU 서버를 과제 단위로 빌려 씁니다. 실증 기간에는 학습과 추론 자원을 우선 배정합니다.",
    "compute_en": "GPU servers lent per project; demonstrations under way get training and inference capacity "
                  "first.",
    "data_ko": "의료 영상, 제조 품질, 농축산, 교통 분야의 가명 처리된 학습 데이터를 안전한 분석실에서 씁니다.",
    "data_en": "Pseudonymised training data for medical imaging, manufacturing quality, farming and transport, "
               "used in a secure analysis room.",
    "support_ko": "실증 지원 사업 참여 기업은 컴퓨팅 사용료를 지원받고, 입주 기업은 기술 상담과 데이터 가공을 "
                  "함께 받습니다.",
    "support_en": "Firms in the demonstration programme have their compute fees covered; resident firms also get "
                  "technical advice and data preparation.",
    "apply_ko": "실증 과제가 정해지면 실증 페이지에서 컴퓨팅 사용을 함께 신청하세요. "
                "견학은 아래 방문 신청으로 받습니다.",
    "apply_en": "Once a demonstration is agreed, ask for compute on its page. Tours are booked with the visit "
                "request below.",
    "address_ko": "광주광역시 북구 첨단과기로 (가상 주소)", "address_en": "Cheomdan-gwagi-ro, Buk-gu, Gwangju "
                                                                "(fictional address)",
    "lat": 35.2270, "lon": 126.8480, "radius_m": 800,
    "place_words": ["국가AI데이터센터", "AI데이터센터", "National AI Data Center"],
}
ACADEMY: dict[str, Any] = {
    "slug": "ai-academy", "position": 2,
    "name_ko": "AI사관학교", "name_en": "AI Academy",
    "summary_ko": "AI사관학교는 지역 AI 기업이 찾는 인재를 기르는 교육 과정입니다. 기수마다 기업 과제로 실습하고, "
                  "수료생은 지역 기업에 많이 취업합니다.",
    "summary_en": "The AI Academy trains the people local AI firms look for. Each cohort practises on firms' "
                  "own problems, and many graduates join local firms.",
    "compute_ko": "실습실마다 GPU 작업용 PC가 있고, 팀 과제는 데이터센터 자원을 씁니다.",
    "compute_en": "Each lab has GPU workstations; team projects use the data center's capacity.",
    "data_ko": "기업이 내놓은 과제 데이터로 실습합니다.",
    "data_en": "Cohorts practise on data firms bring with their problems.",
    "support_ko": "기업은 과제를 내고 수료생을 먼저 만날 수 있습니다. 교육비는 무료입니다.",
    "support_en": "Firms set problems and meet graduates first. Training is free of charge.",
    "apply_ko": "과제를 내려는 기업은 운영자에게 연락하세요. 교육생 모집은 기수마다 공고합니다.",
    "apply_en": "Firms with a problem to set contact the operators; each cohort's call for trainees is announced.",
    "address_ko": "광주광역시 북구 첨단과기로 AI 창업캠프 (가상 주소)",
    "address_en": "AI start-up camp, Cheomdan-gwagi-ro, Buk-gu, Gwangju (fictional address)",
    "lat": 35.2296, "lon": 126.8452, "radius_m": 300,
    "place_words": ["AI사관학교", "인공지능사관학교", "AI Academy"],
}
PICTURES = {
    "ai-data-center": [
        ("data-center.svg", "첨단3지구의 국가AI데이터센터 건물",
         "The National AI Data Center in the Cheomdan 3 district"),
        ("gpu-racks.svg", "실증 과제가 쓰는 GPU 서버 줄", "Rows of GPU servers used by demonstrations"),
    ],
    "ai-academy": [
        ("academy-class.svg", "기업 과제로 실습하는 AI사관학교 교육생",
         "AI Academy trainees working on a firm's problem"),
    ],
}
# (person, site, days ahead, group, size, language, purpose, status, answer)
VISITS = [
    ("person1@example.com", "ai-data-center", 12, "빛고을고등학교 정보동아리", 18, "ko",
     "AI 진로를 고민하는 학생들이 데이터센터를 보고 싶어 합니다.", "pending", ""),
    ("person2@example.com", "ai-data-center", 20, "Lyon AI delegation", 9, "en",
     "A delegation of firms from Lyon would like a tour and meetings with local AI firms.", "accepted",
     "Welcome. The tour starts at 10:00 at the main entrance; meetings follow at the AI cafe nearby."),
    ("person3@example.com", "ai-academy", 30, "남도대학교 컴퓨터공학과", 25, "ko",
     "졸업반 학생들이 AI사관학교 과정을 알아보려 합니다.", "pending", ""),
    ("mid01@example.com", "ai-data-center", 6, "개인 견학", 1, "ko", "혼자 둘러보고 싶습니다.", "declined",
     "개인 견학은 매달 첫째 토요일 공개 견학으로 받고 있습니다. 그날 다시 신청해 주세요."),
]


def load_demo(session: Session) -> None:
    sites = {}
    for data in (DATA_CENTER, ACADEMY):
        site = ShowcaseSite(**data)
        site.pictures = [ShowcasePicture(file=f, position=i, caption_ko=ko, caption_en=en)
                         for i, (f, ko, en) in enumerate(PICTURES[data["slug"]])]
        session.add(site)
        sites[site.slug] = site
    session.flush()
    now = demo_now()
    today = local_today(now)
    users = {u.email: u for u in session.scalars(select(User).where(User.email.in_(
        [v[0] for v in VISITS] + ["operator@example.org"])))}
    operator = users.get("operator@example.org")
    for number, (email, slug, ahead, group, size, language, purpose, status, answer) in enumerate(VISITS):
        user = users.get(email)
        if user is None:
            continue
        asked = now - timedelta(days=3 + number * 2)
        visit = VisitRequest(site_id=sites[slug].id, user_id=user.id, group_name=group, group_size=size,
                             preferred_date=today + timedelta(days=ahead), language=language, purpose=purpose,
                             status=status, answer=answer, created_at=asked, updated_at=asked)
        if status != "pending" and operator is not None:
            visit.answered_by_id, visit.answered_at = operator.id, asked + timedelta(days=1)
        session.add(visit)
    session.flush()
