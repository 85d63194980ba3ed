"""Vision-language model engines: model loading, the cross-document batcher, DocTags."""
