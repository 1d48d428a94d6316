"""Training throughput and model-FLOPs utilisation (MFU) of a bert-base-sized Kashif model on CUDA.

Random initialisation (no download), bf16 autocast with fp32 master weights (what
``mixed_precision: bf16`` does), AdamW, the joint entity + relation loss on synthetic batches.

    python benchmarks/gpu_mfu.py [--batch-size 32] [--seq-len 256] [--steps 30]

Model FLOPs per trained token follow the PaLM appendix: ``6 * N + 12 * layers * hidden * seq``
(N = non-embedding parameters; the second term is attention scores and values, forward and
backward). MFU = achieved model FLOP/s / the GPU's peak dense bf16 FLOP/s. Without CUDA it prints
one line and exits 0.
"""

from __future__ import annotations

import argparse
import sys
import time

# peak dense bf16 tensor-core FLOP/s by device-name fragment (vendor data sheets, no sparsity)
PEAK_BF16_TFLOPS = {
    "H200": 989.0, "H100": 989.0, "H100 NVL": 835.0, "H100 PCIe": 756.0, "GH200": 989.0, "B200": 2250.0,
    "A100": 312.0, "A800": 312.0, "L40S": 362.0, "L40": 181.0, "L4": 121.0, "A10": 125.0, "RTX 4090": 165.0,
}


def peak_tflops(name: str) -> float | None:
    """The peak bf16 TFLOP/s of the device called ``name`` (longest matching fragment), or None."""
    hits = [k for k in PEAK_BF16_TFLOPS if k in name]
    return PEAK_BF16_TFLOPS[max(hits, key=len)] if hits else None


def flops_per_token(n_params_non_embedding: int, layers: int, hidden: int, seq_len: int) -> float:
    """Training FLOPs per token: forward + backward of the dense layers and of attention."""
    return 6.0 * n_params_non_embedding + 12.0 * layers * hidden * seq_len


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--seq-len", type=int, default=256)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--pairs", type=int, default=8, help="relation pairs per window")
    ap.add_argument("--peak-tflops", type=float, help="override the GPU's peak bf16 TFLOP/s")
    args = ap.parse_args(argv)

    import torch

    if not torch.cuda.is_available():
        print("gpu_mfu: no CUDA device on this machine; nothing to measure")
        return 0
    from transformers import BertConfig

    from kashif.model import JointModel

    dev = torch.device("cuda")
    torch.manual_seed(0)
    config = BertConfig()  # bert-base: 12 layers, hidden 768, 12 heads, vocab 30522
    model = JointModel.from_config(config).to(dev)
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, fused=True)
    emb = sum(p.numel() for n, p in model.named_parameters() if "embeddings" in n)
    n_non_emb = sum(p.numel() for p in model.parameters()) - emb
    b, t = args.batch_size, args.seq_len
    input_ids = torch.randint(5, config.vocab_size, (b, t), device=dev)
    mask = torch.ones_like(input_ids)
    labels = torch.randint(0, 15, (b, t), device=dev)
    starts = torch.randint(1, t - 8, (b, 2 * args.pairs), device=dev)
    rows = torch.arange(b, device=dev).repeat_interleave(2 * args.pairs)
    spans = torch.stack([rows, starts.flatten(), starts.flatten() + 3], dim=1)
    types = torch.randint(0, 7, (spans.shape[0],), device=dev)
    pairs = torch.arange(spans.shape[0], device=dev).reshape(-1, 2)
    pair_labels = torch.zeros(pairs.shape[0], dtype=torch.long, device=dev)

    def step() -> None:
        with torch.autocast("cuda", dtype=torch.bfloat16):
            out = model(input_ids=input_ids, attention_mask=mask, labels=labels, entity_spans=spans,
                        entity_types=types, pairs=pairs, pair_labels=pair_labels)
        out.loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)

    for _ in range(args.warmup):
        step()
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    for _ in range(args.steps):
        step()
    torch.cuda.synchronize()
    dt = time.perf_counter() - t0
    tokens_per_s = b * t * args.steps / dt
    achieved = tokens_per_s * flops_per_token(n_non_emb, config.num_hidden_layers, config.hidden_size, t)
    name = torch.cuda.get_device_name(0)
    peak = args.peak_tflops or peak_tflops(name)
    print(f"device            {name}")
    print(f"model             bert-base joint model, {n_non_emb / 1e6:.1f}M non-embedding parameters")
    print(f"batch             {b} x {t} tokens, bf16 autocast, AdamW (fused)")
    print(f"tokens/s          {tokens_per_s:,.0f}")
    print(f"model TFLOP/s     {achieved / 1e12:.1f}")
    if peak:
        print(f"MFU               {100 * achieved / (peak * 1e12):.1f}%  (peak {peak:.0f} TFLOP/s bf16 dense)")
    else:
        print("MFU               unknown peak for this GPU; pass --peak-tflops")
    return 0


if __name__ == "__main__":
    sys.exit(main())
