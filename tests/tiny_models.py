"""Tiny randomly initialised Hugging Face models saved locally, for tests (no downloads)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

VOCAB_SENTENCES = [
    "Kyiv's mayor said the brutal strike destroyed an apartment block.",
    "The committee will meet again on Thursday.",
    "Rescuers were overjoyed as all seventeen miners walked out alive.",
    "",
    "“It’s not fair,” he said.",
]
"""Sentences whose words make the tiny tokenizer's vocabulary."""


def make_tiny_classifier(
    folder: Path, labels: Sequence[str] | int, seed: int = 0, head: bool = True,
    task: str = "sequence",
) -> Path:
    """Save a tiny random BERT sequence classifier and a word-level tokenizer in ``folder``.

    Args:
        folder: Where to save (created).
        labels: Class names in class-index order, or a number of classes (names then are the
            generic ``LABEL_0``, ``LABEL_1``...).
        seed: Torch seed for the random weights.
        head: Save a classification model; ``False`` saves only the base encoder.
        task: ``"sequence"`` (a sequence classifier) or ``"token"`` (a token classifier).

    Returns:
        ``folder``.
    """
    import torch
    from tokenizers import Tokenizer, normalizers, pre_tokenizers, processors
    from tokenizers.models import WordLevel
    from transformers import (
        BertConfig,
        BertForSequenceClassification,
        BertForTokenClassification,
        BertModel,
        PreTrainedTokenizerFast,
    )

    words = sorted({w for s in VOCAB_SENTENCES for w in s.lower().replace(".", " ").split()})
    vocab = {t: i for i, t in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", *words])}
    tok = Tokenizer(WordLevel(vocab, unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
        sep_token="[SEP]", model_max_length=64,
    ).save_pretrained(folder)
    names = [f"LABEL_{i}" for i in range(labels)] if isinstance(labels, int) else list(labels)
    config = BertConfig(
        vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=37, max_position_embeddings=64,
        id2label=dict(enumerate(names)), label2id={n: i for i, n in enumerate(names)},
    )
    torch.manual_seed(seed)
    heads = {"sequence": BertForSequenceClassification, "token": BertForTokenClassification}
    model = heads[task](config) if head else BertModel(config)
    model.save_pretrained(folder)
    return folder
