"""``make bench`` (see mandates/benchmarks/): ``python -m mandates.bench``."""
import sys

from mandates.benchmarks.run import main

if __name__ == "__main__":
    sys.exit(main())
