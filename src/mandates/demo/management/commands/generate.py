import sys
import time

from django.core.management.base import BaseCommand, CommandError

from mandates.demo.generator import SIZES, GenerationError, generate


class Command(BaseCommand):
    help = ("Generate a synthetic, coherent portfolio for measuring scale: --scale 1 is an office the size "
            "of UNODC (about 500 projects, 50,000 expenditure lines); everything grows linearly with N. "
            "Deterministic for a seed; codes start with G<seed>-.")

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="N: 1 = an office the size of UNODC")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (same seed, same data)")
        parser.add_argument("--no-progress", action="store_true", help="Do not draw a progress bar")

    def handle(self, *args, scale, seed, no_progress, **options):
        from tqdm import tqdm

        bars = {}

        def progress(step, done, total):
            if no_progress:
                return
            bar = bars.get(step)
            if bar is None:
                for other in bars.values():
                    other.close()
                bar = bars[step] = tqdm(total=total, desc=f"{step:>24}", unit=" rows", file=sys.stderr,
                                        leave=False, dynamic_ncols=True)
            bar.update(done - bar.n)

        self.stdout.write(f"Generating scale {scale} (seed {seed}): about {SIZES['projects'] * scale:,} projects, "
                          f"{SIZES['expenditure'] * scale:,} expenditure lines")
        started = time.perf_counter()
        try:
            counts = generate(scale=scale, seed=seed, progress=progress)
        except GenerationError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            for bar in bars.values():
                bar.close()
        for name, count in sorted(counts.items()):
            self.stdout.write(f"  {name:32} {count:>10,}")
        self.stdout.write(self.style.SUCCESS(f"Generated in {time.perf_counter() - started:.1f} s"))
