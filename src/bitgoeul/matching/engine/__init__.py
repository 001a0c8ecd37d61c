"""The pure matching core: BM25F, dense vectors and their fusion over plain documents.

Imports nothing from the web app or the database; adapters in `bitgoeul.matching` feed it.
"""

from bitgoeul.matching.engine.dense import DenseIndex
from bitgoeul.matching.engine.documents import DocId, DocKey, Document, Hit, QueryError, Reason
from bitgoeul.matching.engine.embedding import (
    content_hash,
    document_role,
    embed_documents,
    embed_passages,
    embed_query,
    embed_symmetric,
    passage_text,
)
from bitgoeul.matching.engine.hybrid import (
    FusionParams,
    HybridIndex,
    apply_boosts,
    calibrate,
    calibrated_dense,
    calibrated_lexical,
    found,
    fuse,
)
from bitgoeul.matching.engine.lexical import BM25Params, LexicalIndex, bound_of, explain
from bitgoeul.matching.engine.validation import MAX_QUERY_CHARS, check_query

__all__ = [
    "MAX_QUERY_CHARS",
    "BM25Params",
    "DenseIndex",
    "DocId",
    "DocKey",
    "Document",
    "FusionParams",
    "Hit",
    "HybridIndex",
    "LexicalIndex",
    "QueryError",
    "Reason",
    "apply_boosts",
    "bound_of",
    "calibrate",
    "calibrated_dense",
    "calibrated_lexical",
    "check_query",
    "content_hash",
    "document_role",
    "embed_documents",
    "embed_passages",
    "embed_query",
    "embed_symmetric",
    "explain",
    "found",
    "fuse",
    "passage_text",
]
