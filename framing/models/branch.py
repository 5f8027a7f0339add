"""A shared encoder trunk with small task branches (LoRA-adapted top layers + a head).

The embedded encoder has 6 transformer layers. Layers ``0 .. split-1`` form the *trunk*, shared
by every task and never trained; each task owns a *branch*: copies of layers ``split .. 5``
with low-rank (LoRA) updates, plus a linear head. Scoring several tasks runs the trunk once and
each (short) branch once, so sentiment and emotive framing together cost little more than one
of them; only the LoRA matrices and heads are shipped (a few hundred KB).

LoRA (Hu et al., 2021): a frozen weight ``W`` becomes ``W + (alpha / r) * B @ A`` with
``A`` (r × in) and ``B`` (out × r) trained; ``B`` starts at zero so training starts from the
base model exactly.

Importing this module is cheap: torch is imported when a function runs, and the two
``torch.nn.Module`` classes, :class:`LoRALinear` and :class:`Branch`, are built on first access
(``framing.models.branch.Branch``), so scorers can import the module at their top.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from framing.errors import ModelUnavailableError
from framing.models.batching import length_sorted_batches, pad_windows, to_numpy
from framing.models.batching import mean_pool as mean_pool  # re-exported for training
from framing.models.encoder import Encoder, quantize_int8
from framing.models.heads import sort_safetensors_metadata

if TYPE_CHECKING:  # pragma: no cover - typing only
    import torch
    from torch import nn

LORA_TARGETS = ("attention.self.query", "attention.self.key", "attention.self.value",
                "attention.output.dense", "intermediate.dense", "output.dense")
"""Linear modules of a BERT layer that receive LoRA updates."""

TRUNK_SPLIT = 4
"""Layers in the shared trunk of the embedded encoder (the rest belong to each branch)."""

MEMO_WINDOWS = 4096
"""Token windows whose trunk states a :class:`Trunk` keeps from its recent passes (about
0.3 GB for news sentences): enough for every chunk of a few thousand sentences, so the
branches and the per-entity sentiment after them run the trunk once."""


def _get(module: nn.Module, dotted: str) -> nn.Module:
    for part in dotted.split("."):
        module = getattr(module, part)
    return module


def _set(module: nn.Module, dotted: str, value: nn.Module) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        module = getattr(module, part)
    setattr(module, last, value)


_CLASSES: dict[str, type] = {}


def _build_classes() -> dict[str, type]:  # noqa: C901 - two class bodies
    """Define :class:`LoRALinear` and :class:`Branch` (they subclass ``torch.nn.Module``)."""
    if _CLASSES:
        return _CLASSES
    import torch
    from torch import nn

    class LoRALinear(nn.Module):
        """``y = base(x) + (alpha / r) * dropout(x) @ A.T @ B.T`` with ``base`` frozen."""

        def __init__(self, base: nn.Linear, r: int, alpha: float, dropout: float = 0.0) -> None:
            super().__init__()
            self.base = base
            for p in self.base.parameters():
                p.requires_grad_(False)
            self.r = r
            self.scale = alpha / r
            self.lora_a = nn.Parameter(torch.empty(r, base.in_features))
            self.lora_b = nn.Parameter(torch.zeros(base.out_features, r))
            nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
            self.dropout = nn.Dropout(dropout)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            """Apply the frozen layer plus the low-rank update."""
            return self.base(x) + (self.dropout(x) @ self.lora_a.T @ self.lora_b.T) * self.scale

        def merged(self) -> nn.Linear:
            """A plain ``nn.Linear`` with the update folded into its weight (for inference)."""
            out = copy.deepcopy(self.base)
            with torch.no_grad():
                out.weight += (self.lora_b @ self.lora_a) * self.scale
            return out

    class Branch(nn.Module):
        """Top layers with LoRA updates and a linear head, for one task.

        Args:
            base_layers: The encoder's layers above the trunk (deep-copied, frozen).
            n_outputs: Width of the head.
            r: LoRA rank (0 = no LoRA: the base layers unchanged).
            alpha: LoRA scaling numerator.
            dropout: Dropout on LoRA inputs and before the head (training only).
        """

        def __init__(self, base_layers: Sequence[nn.Module], n_outputs: int, r: int = 8,
                     alpha: float = 16.0, dropout: float = 0.1) -> None:
            super().__init__()
            self.layers = nn.ModuleList(copy.deepcopy(list(base_layers)))
            for p in self.layers.parameters():
                p.requires_grad_(False)
            self.r, self.alpha = r, alpha
            if r > 0:
                for layer in self.layers:
                    for name in LORA_TARGETS:
                        _set(layer, name, LoRALinear(_get(layer, name), r, alpha, dropout))
            hidden = self.layers[0].attention.self.query.base.in_features if r > 0 else \
                self.layers[0].attention.self.query.in_features
            self.dropout = nn.Dropout(dropout)
            self.head = nn.Linear(hidden, n_outputs)

        def hidden(self, trunk_hidden: torch.Tensor, attn: Any) -> torch.Tensor:
            """Token states after the branch's layers."""
            return run_layers(self.layers, trunk_hidden, attn)

        def pool(self, trunk_hidden: torch.Tensor, attn: Any, mask: torch.Tensor
                 ) -> np.ndarray:
            """Mean-pooled token states after the branch's layers (float32, one row each)."""
            return to_numpy(mean_pool(self.hidden(trunk_hidden, attn), mask))

        def token_probabilities(self, trunk_hidden: torch.Tensor, attn: Any,
                                mask: torch.Tensor) -> list[np.ndarray]:
            """Sigmoid of the head per token: one ``(tokens, n_outputs)`` array per row."""
            logits = self.head(self.hidden(trunk_hidden, attn))
            probs = torch.sigmoid(logits).float().cpu().numpy()
            lengths = mask.sum(1).tolist()
            return [probs[r, : lengths[r]] for r in range(len(lengths))]

        def head_logits(self, pooled: np.ndarray) -> np.ndarray:
            """The linear head applied in float64 NumPy to pooled vectors ``(n, hidden)``."""
            weight = self.head.weight.detach().cpu().double().numpy()
            bias = self.head.bias.detach().cpu().double().numpy()
            return pooled @ weight.T + bias

        def trainable_state(self) -> dict[str, torch.Tensor]:
            """Only what training changed: LoRA matrices and the head."""
            return {k: v.detach().cpu().contiguous() for k, v in self.state_dict().items()
                    if "lora_" in k or k.startswith("head.")}

        def merge(self) -> Branch:
            """Fold LoRA into plain linear layers (faster inference, same outputs)."""
            if self.r > 0:
                for layer in self.layers:
                    for name in LORA_TARGETS:
                        mod = _get(layer, name)
                        if isinstance(mod, LoRALinear):
                            _set(layer, name, mod.merged())
            return self

    for cls in (LoRALinear, Branch):
        cls.__module__, cls.__qualname__ = __name__, cls.__name__
    _CLASSES.update(LoRALinear=LoRALinear, Branch=Branch)
    return _CLASSES


def __getattr__(name: str) -> Any:
    """Build :class:`LoRALinear` and :class:`Branch` on first access (imports torch)."""
    if name in ("LoRALinear", "Branch"):
        return _build_classes()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def attention_mask_for(model: Any, mask: torch.Tensor, hidden: torch.Tensor) -> Any:
    """The attention mask in the form the model's layers expect (as BertModel builds it)."""
    import torch

    create = getattr(model, "_create_attention_masks", None)
    if create is not None:
        try:
            attn, _ = create(attention_mask=mask, encoder_attention_mask=None,
                             embedding_output=hidden, encoder_hidden_states=None, cache=None)
            return attn
        except TypeError:  # another transformers version: build the mask ourselves
            pass
    # older transformers: an additive float mask works for eager and SDPA attention alike
    return (1.0 - mask[:, None, None, :].to(hidden.dtype)) * torch.finfo(hidden.dtype).min


def run_layers(layers: Sequence[nn.Module], hidden: torch.Tensor, attn: Any) -> torch.Tensor:
    """Run hidden states through transformer layers."""
    for layer in layers:
        out = layer(hidden, attention_mask=attn)
        hidden = out[0] if isinstance(out, tuple) else out
    return hidden


@dataclass
class Trunk:
    """The shared lower layers of an encoder.

    Attributes:
        encoder: The loaded encoder (tokenizer + model).
        split: Number of lower layers in the trunk.
    """

    encoder: Encoder
    split: int
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def n_layers(self) -> int:
        """Layers of the full encoder."""
        return len(self.encoder.model.encoder.layer)

    def top_layers(self) -> list[nn.Module]:
        """The base model's layers above the trunk (shared, frozen, fp32 at any precision)."""
        return list(self.encoder.model.encoder.layer[self.split :])

    def pool_top(self, hidden: torch.Tensor, attn: Any, mask: torch.Tensor) -> np.ndarray:
        """Mean-pooled states after the base model's top layers: the full encoder's pooling."""
        layers = self.encoder.runtime.encoder.layer[self.split :]
        return to_numpy(mean_pool(run_layers(layers, hidden, attn), mask))

    def batch(self, windows: Sequence[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
        """Pad token windows into ``input_ids`` and ``attention_mask`` tensors."""
        return pad_windows(windows, self.encoder.tokenizer.pad_token_id or 0, self.encoder.device)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, Any]:
        """Embeddings and the trunk layers; returns hidden states and the layer mask."""
        import torch

        model = self.encoder.runtime
        hidden = model.embeddings(input_ids=ids, token_type_ids=torch.zeros_like(ids))
        attn = attention_mask_for(model, mask, hidden)
        return run_layers(model.encoder.layer[: self.split], hidden, attn), attn

    def clear_memo(self) -> None:
        """Forget the kept trunk passes (to time or train from a fresh one)."""
        self._memo.clear()

    def features(self, windows: Sequence[list[int]], batch_size: int,
                 reuse_rows: bool = False) -> list[dict[str, Any]]:
        """Trunk outputs for token windows in length-sorted batches (memoised).

        Several branches scoring the same sentences one after another reuse the same trunk
        pass: recent passes are kept (up to :data:`MEMO_WINDOWS` windows in all, the oldest
        forgotten first), each keyed by a hash of its windows. With ``reuse_rows``, a call
        for windows that kept passes hold (the sentences that name an entity, say) takes
        their rows from there and runs the trunk only on the windows it lacks; that call is
        not kept. Rows taken this way sit in batches of another make-up, so what a branch
        computes from them can differ from a fresh pass in the seventh decimal: sentence
        scorers do not use it, so their scores never depend on what ran before.
        """
        key = hashlib.sha256(repr((batch_size, list(map(tuple, windows)))).encode()).hexdigest()
        passes: list[dict[str, Any]] = self._memo.setdefault("passes", [])
        for kept in passes:
            if kept["key"] == key:
                return kept["value"]
        found: dict[int, tuple[dict[str, Any], int, int]] = {}
        for i, w in enumerate(windows if reuse_rows else ()):
            t = tuple(w)
            for kept in reversed(passes):
                if t in kept["rows"]:
                    found[i] = (kept, *kept["rows"][t])
                    break
        if found:
            missing = [i for i in range(len(windows)) if i not in found]
            batches = self._reused(windows, found, batch_size)
            if missing:
                batches += self._pass([windows[i] for i in missing], batch_size, missing)
            return batches
        batches = self._pass(windows, batch_size, list(range(len(windows))))
        passes.append({"key": key, "value": batches, "n": len(windows), "rows": {
            tuple(windows[i]): (b, r) for b, batch in enumerate(batches)
            for r, i in enumerate(batch["idx"])}})
        while len(passes) > 1 and sum(p["n"] for p in passes) > MEMO_WINDOWS:
            passes.pop(0)
        return batches

    def _pass(self, windows: Sequence[list[int]], batch_size: int, index: Sequence[int]
              ) -> list[dict[str, Any]]:
        """Trunk batches of ``windows``; each batch's ``idx`` maps its rows to ``index``."""
        import torch

        batches = []
        with torch.inference_mode(), self.encoder.autocast():
            for idx in length_sorted_batches([len(w) for w in windows], batch_size):
                ids, mask = self.batch([windows[i] for i in idx])
                hidden, attn = self.forward(ids, mask)
                batches.append({"idx": [index[i] for i in idx], "hidden": hidden,
                                "attn": attn, "mask": mask})
        return batches

    def _reused(self, windows: Sequence[list[int]],
                found: dict[int, tuple[dict[str, Any], int, int]], batch_size: int
                ) -> list[dict[str, Any]]:
        """Batches of kept trunk rows (``found``: window -> pass, batch, row), padded as kept."""
        import torch

        groups: dict[int, tuple[dict[str, Any], list[tuple[int, int]]]] = {}
        for i, (kept, b, r) in found.items():
            batch = kept["value"][b]
            groups.setdefault(id(batch), (batch, []))[1].append((i, r))
        out = []
        with torch.inference_mode():
            for batch, picked in groups.values():
                for k in range(0, len(picked), batch_size):
                    part = picked[k:k + batch_size]
                    sel = torch.tensor([r for _, r in part], device=batch["mask"].device)
                    mask = batch["mask"][sel]
                    hidden = batch["hidden"][sel]
                    out.append({"idx": [i for i, _ in part], "hidden": hidden, "mask": mask,
                                "attn": attention_mask_for(self.encoder.runtime, mask, hidden)})
        return out

    def apply(self, windows: Sequence[list[int]], fn: Any, batch_size: int,
              reuse_rows: bool = False) -> list[Any]:
        """Run ``fn(hidden, attn, mask) -> per-row results`` over trunk outputs of windows.

        Only ``fn`` differs between tasks; the trunk pass is shared (see :meth:`features`).

        Returns:
            ``fn``'s per-row results in the order of ``windows``.
        """
        import torch

        out: list[Any] = [None] * len(windows)
        with torch.inference_mode(), self.encoder.autocast():
            for batch in self.features(windows, batch_size, reuse_rows):
                rows = fn(batch["hidden"], batch["attn"], batch["mask"])
                for r, i in enumerate(batch["idx"]):
                    out[i] = rows[r]
        return out


_TRUNKS: dict[tuple[int, int], Trunk] = {}


def get_trunk(encoder: Encoder, split: int) -> Trunk:
    """The process-wide trunk for an encoder and split (so branches share its memo)."""
    key = (id(encoder), split)
    if key not in _TRUNKS:
        _TRUNKS[key] = Trunk(encoder, split)
    return _TRUNKS[key]


def clear_trunk_memos() -> None:
    """Forget every trunk's memoised pass (benchmarks time a fresh trunk pass)."""
    for trunk in _TRUNKS.values():
        trunk.clear_memo()


def save_branch(branch: Any, path: str | Path, metadata: dict[str, Any]) -> str:
    """Write a branch's trainable weights (safetensors) and return the file's SHA-256."""
    from safetensors.torch import save_file

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {"r": str(branch.r), "alpha": str(branch.alpha), "metadata": json.dumps(metadata)}
    tmp = path.with_name(path.name + ".tmp")
    save_file(branch.trainable_state(), str(tmp), metadata=meta)
    sort_safetensors_metadata(tmp)
    tmp.replace(path)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_branch(path: str | Path, trunk: Trunk, expected_sha256: str | None = None
                ) -> tuple[Any, dict[str, Any]]:
    """Rebuild a branch on a trunk's top layers from a saved file; LoRA merged, eval mode.

    At ``int8`` precision the merged layers are then quantised (:func:`quantize_int8`); the
    head stays fp32.

    Returns:
        The :class:`Branch` and the metadata saved with it, plus ``sha256`` of the file.

    Raises:
        ModelUnavailableError: Missing file, hash mismatch or shape mismatch.
    """
    from safetensors import safe_open

    path = Path(path)
    if not path.is_file():
        raise ModelUnavailableError(f"{path}: branch weights not found")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if expected_sha256 and digest != expected_sha256:
        raise ModelUnavailableError(f"{path}: sha256 {digest[:12]}… does not match the "
                                    f"recorded {expected_sha256[:12]}…; reinstall or retrain")
    with safe_open(str(path), framework="pt") as fh:
        header = dict(fh.metadata() or {})
        state = {k: fh.get_tensor(k) for k in fh.keys()}  # noqa: SIM118
    meta = json.loads(header.get("metadata", "{}"))
    n_out = state["head.weight"].shape[0]
    branch = _build_classes()["Branch"](trunk.top_layers(), n_out, r=int(header["r"]),
                                        alpha=float(header["alpha"]), dropout=0.0)
    missing = set(state) - set(branch.state_dict())
    if missing:
        raise ModelUnavailableError(
            f"{path}: weights do not fit the encoder ({sorted(missing)[:2]})"
        )
    branch.load_state_dict(state, strict=False)
    branch.merge().eval().to(trunk.encoder.device)
    if trunk.encoder.precision == "int8":
        branch.layers = quantize_int8(branch.layers)
    meta["sha256"] = digest
    return branch, meta
