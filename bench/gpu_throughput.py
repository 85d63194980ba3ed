"""Pages per second of the model engines: naive batch-1 ``generate`` vs the engine's batcher.

    python bench/gpu_throughput.py --model smoldocling --arch real --tokens 256,1024 --batches 8,32,128
    python bench/gpu_throughput.py --model smoldocling --arch tiny --tokens 32 --batches 4,8 --pages 16  # CPU

``--arch real`` builds the real architecture (shared/notes/models.md) with random weights
and an offline processor with the real image settings, saves it with save_pretrained and
loads it back through the engine's own loading code, as real weights would be. Every
page produces exactly N new tokens (min_new_tokens = max_new_tokens; the repetition
guard is off), from real page images: the corpus invoices and contracts rendered at the
engine's size. Results (pages/s, peak GPU memory, device, command) go to
bench/results/gpu_throughput.json and are printed.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build_model(model: str, arch: str, root: Path) -> Path:
    """A saved checkpoint (weights + offline processor) of the wanted architecture."""
    import torch
    from transformers import AutoProcessor

    from tests.factories.models import build_tiny_idefics3, build_tiny_lightonocr

    path = root / f"{model}-{arch}"
    if model == "smoldocling":
        build_tiny_idefics3(path, vocab_size=49280 if arch == "real" else None)
        if arch == "tiny":
            return path
        from transformers import Idefics3ForConditionalGeneration

        processor: Any = AutoProcessor.from_pretrained(path)
        tok = processor.tokenizer
        # The real processor: pages at longest edge 2048, 512 px tiles, 64 tokens a tile.
        processor.image_processor.size = {"longest_edge": 2048}
        processor.image_processor.max_image_size = {"longest_edge": 512}
        processor.image_seq_len = 64
        processor.save_pretrained(path)
        config = idefics3_config(tok.convert_tokens_to_ids("<image>"), tok.pad_token_id, len(tok))
        net: Any = Idefics3ForConditionalGeneration(config)
    else:
        build_tiny_lightonocr(path)
        if arch == "tiny":
            return path
        from transformers import LightOnOcrConfig, LightOnOcrForConditionalGeneration

        processor = AutoProcessor.from_pretrained(path)
        processor.image_processor.size = {"longest_edge": 1540}
        processor.save_pretrained(path)
        lconfig = LightOnOcrConfig()  # transformers' defaults are LightOnOCR-2-1B's shapes
        lconfig.image_token_id = processor.tokenizer.convert_tokens_to_ids("<|image_pad|>")
        net = LightOnOcrForConditionalGeneration(lconfig)
    torch.nn.Module.to(net, torch.bfloat16)
    net.save_pretrained(path)
    return path


def idefics3_config(image_token_id: int, pad_token_id: int | None, vocab_size: int = 49280) -> Any:
    """SmolDocling-256M / granite-docling / SmolVLM-256M's shapes (shared/notes/models.md)."""
    from transformers import Idefics3Config

    return Idefics3Config(
        scale_factor=4,
        image_token_id=image_token_id,
        tie_word_embeddings=False,
        vision_config={
            "hidden_size": 768,
            "intermediate_size": 3072,
            "num_hidden_layers": 12,
            "num_attention_heads": 12,
            "image_size": 512,
            "patch_size": 16,
        },
        text_config={
            "model_type": "llama",
            "hidden_size": 576,
            "intermediate_size": 1536,
            "num_hidden_layers": 30,
            "num_attention_heads": 9,
            "num_key_value_heads": 3,
            "head_dim": 64,
            "vocab_size": vocab_size,
            "rope_parameters": {"rope_type": "default", "rope_theta": 100000.0},
            "rms_norm_eps": 1e-5,
            "max_position_embeddings": 8192,
            "tie_word_embeddings": False,
            "pad_token_id": pad_token_id,
        },
    )


def count_parameters() -> dict[str, int]:
    """The real architectures' sizes, built on the meta device (no memory, no time)."""
    import torch
    from transformers import (
        Idefics3ForConditionalGeneration,
        LightOnOcrConfig,
        LightOnOcrForConditionalGeneration,
    )

    with torch.device("meta"):
        smol: Any = Idefics3ForConditionalGeneration(idefics3_config(49190, 2))
        lighton: Any = LightOnOcrForConditionalGeneration(LightOnOcrConfig())
    return {
        "smoldocling": sum(p.numel() for p in smol.parameters()),
        "lightonocr": sum(p.numel() for p in lighton.parameters()),
    }


def page_images(n: int, longest_edge: int) -> list[Any]:
    import pypdfium2 as pdfium

    from bench.corpus import corpus

    images = []
    for doc in corpus(2):
        pdf = pdfium.PdfDocument(doc.pdf)
        for page in pdf:
            w, h = page.get_size()
            images.append(page.render(scale=longest_edge / max(w, h)).to_pil().convert("RGB"))
        pdf.close()
    return [images[i % len(images)] for i in range(n)]


def run(args: argparse.Namespace) -> dict[str, Any]:
    import torch

    from common.core.settings import Settings
    from worker.engines.vlm.engines import DoclingEngine, Job, LightOnOcrEngine, ModelEngine
    from worker.engines.vlm.runtime import chat_prompt, generate

    tmp = Path(tempfile.mkdtemp(prefix="pagemill-bench-"))
    path = build_model(args.model, args.arch, tmp)
    cuda = torch.cuda.is_available()
    rows: list[dict[str, Any]] = []
    for tokens in [int(t) for t in args.tokens.split(",")]:
        for batch in [1, *[int(b) for b in args.batches.split(",")]]:
            naive = batch == 1
            pages = args.naive_pages if naive else args.pages
            settings = Settings(
                models={
                    ("smoldocling" if args.model == "smoldocling" else "lightonocr"): {"path": str(path)}
                },
                gpu={
                    "max_batch": batch,
                    "max_wait_ms": args.max_wait_ms,
                    "max_new_tokens": tokens,
                    "min_new_tokens": tokens,
                    "repeat_window": 0,
                    "lightonocr_temperature": 0.0,
                    "fallback": False,
                },
            )
            engine: ModelEngine = (
                DoclingEngine("smoldocling", settings)
                if args.model == "smoldocling"
                else LightOnOcrEngine(settings)
            )
            engine.warm()
            edge = engine.render_longest_edge or 1540
            images = page_images(pages, edge)
            if cuda:
                torch.cuda.synchronize()
                torch.cuda.reset_peak_memory_stats()
            # warm-up (kernels, allocator) outside the timed part
            engine.batcher.submit(Job(engine.prepare_image(images[0]), engine.default_prompt, 0))
            t0 = time.perf_counter()
            if naive:
                # What a worker without a batcher does: one generate per page, in a loop.
                loaded = engine.loaded
                for im in images:
                    prompt = chat_prompt(loaded, engine.default_prompt)
                    generate(
                        loaded,
                        [prompt],
                        [engine.prepare_image(im)],
                        max_new_tokens=tokens,
                        min_new_tokens=tokens,
                        keep_special=engine.keep_special,
                        gpu=settings.gpu,
                    )
            else:
                # Pages arrive on worker threads, as from Celery; the batcher groups them.
                # Each thread submits the same work the naive loop does per page (chat
                # prompt, image, generate, decode), so the two modes compare like for
                # like; result parsing (DocTags of random weights) is left out of both.
                def one(im: Any, eng: ModelEngine = engine) -> None:
                    eng.batcher.submit(Job(eng.prepare_image(im), eng.default_prompt, 0))

                threads = [threading.Thread(target=one, args=(im,), daemon=True) for im in images]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
            if cuda:
                torch.cuda.synchronize()
            elapsed = time.perf_counter() - t0
            stats = engine.batcher.stats
            rows.append(
                {
                    "mode": "naive batch-1 generate" if naive else f"batcher max_batch={batch}",
                    "tokens_per_page": tokens,
                    "pages": pages,
                    "seconds": round(elapsed, 3),
                    "pages_per_s": round(pages / elapsed, 3),
                    "mean_batch": round(sum(stats.sizes[1:]) / max(1, len(stats.sizes) - 1), 2),
                    "peak_gpu_mem_gib": round(torch.cuda.max_memory_allocated() / 2**30, 2) if cuda else None,
                }
            )
            print(json.dumps(rows[-1]), flush=True)
            engine.close()
            del engine
            if cuda:
                torch.cuda.empty_cache()
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python bench/gpu_throughput.py " + " ".join(sys.argv[1:]),
        "device": torch.cuda.get_device_name(0)
        if cuda
        else f"CPU ({platform.processor() or platform.machine()})",
        "torch": torch.__version__,
        "model": args.model,
        "arch": args.arch,
        "rows": rows,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", choices=["smoldocling", "lightonocr"], default="smoldocling")
    ap.add_argument("--arch", choices=["real", "tiny"], default="real")
    ap.add_argument("--tokens", default="256,1024")
    ap.add_argument("--batches", default="8,32,128")
    ap.add_argument("--pages", type=int, default=256, help="pages per batcher run")
    ap.add_argument("--naive-pages", type=int, default=16, help="pages for the batch-1 baseline")
    ap.add_argument("--max-wait-ms", type=float, default=50)
    ap.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: torch's default)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "gpu_throughput.json")
    ap.add_argument("--count-params", action="store_true", help="print the real models' sizes and stop")
    args = ap.parse_args()
    if args.count_params:
        print(json.dumps(count_parameters()))
        return
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    report = run(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
