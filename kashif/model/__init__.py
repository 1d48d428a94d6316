"""The Kashif model: a token classifier and a relation head sharing one encoder pass.

``JointModel.from_pretrained(dir_or_hub_id)`` loads a trained folder; ``load_tokenizer`` its fast
tokenizer; :func:`kashif.model.predict.predict_documents` turns texts into documents.
"""

from kashif.model.joint import JointModel, JointOutput
from kashif.model.labels import ENTITY_LABELS, RELATION_LABELS
from kashif.model.loading import OFFLINE_CONFIG, ModelLoadError
from kashif.model.relation_head import RelationHead, RelationHeadConfig, RelationOutput
from kashif.model.tokenizer import load_tokenizer, save_tokenizer

__all__ = [
    "ENTITY_LABELS",
    "OFFLINE_CONFIG",
    "RELATION_LABELS",
    "JointModel",
    "JointOutput",
    "ModelLoadError",
    "RelationHead",
    "RelationHeadConfig",
    "RelationOutput",
    "load_tokenizer",
    "save_tokenizer",
]
