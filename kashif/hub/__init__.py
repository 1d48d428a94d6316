"""Publishing trained models to the Hugging Face Hub (:mod:`kashif.hub.publish`) with a model card
rendered from typed data (:mod:`kashif.hub.card`); ``kashif publish`` is :mod:`kashif.hub.cli`."""
