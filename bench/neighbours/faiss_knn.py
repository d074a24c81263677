"""Exact inner-product top-k with faiss (IndexFlatIP), the neighbours benchmark's baseline.

usage: /usr/bin/python3 bench/neighbours/faiss_knn.py --check
       /usr/bin/python3 bench/neighbours/faiss_knn.py VECTORS N D K REPS OUT_IDS

VECTORS holds N x D float32 rows (little-endian, row-major, unit length). Each repetition builds
the index and searches every row for its K+1 best (itself included), timed together; the row
itself is then dropped, as the project's code never returns a row as its own neighbour. The ids
of the last repetition go to OUT_IDS as N x K int32. Prints one JSON line.
"""
import json
import sys
import time


def blas_in_use():
    """Which BLAS the process has mapped (faiss uses the system libblas.so.3 alternative)."""
    try:
        with open("/proc/self/maps") as maps:
            libs = {line.split()[-1] for line in maps if ".so" in line}
    except OSError:
        return "unknown"
    for name in ("openblas", "mkl", "blis", "atlas"):
        if any(name in lib for lib in libs):
            return name
    if any("libblas.so" in lib for lib in libs):
        return "reference BLAS (slow: apt-get install -y libopenblas0-pthread)"
    return "unknown"


def main():
    import faiss
    import numpy as np

    if sys.argv[1:] == ["--check"]:
        print(json.dumps({"faiss": faiss.__version__, "numpy": np.__version__, "threads": faiss.omp_get_max_threads(), "blas": blas_in_use()}))
        return
    path, n, d, k, reps, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    x = np.fromfile(path, dtype="<f4", count=n * d).reshape(n, d)
    seconds = []
    ids = None
    for _ in range(reps):
        started = time.perf_counter()
        index = faiss.IndexFlatIP(d)
        index.add(x)
        _, found = index.search(x, k + 1)
        seconds.append(time.perf_counter() - started)
        ids = found
        del index
    # Drop each row itself (normally rank 0; a tie could place it lower, or push it out).
    own = ids == np.arange(n)[:, None]
    keep = np.where(own.any(axis=1, keepdims=True), ~own, np.arange(k + 1)[None, :] < k)
    result = ids[keep].reshape(n, k).astype("<i4")
    result.tofile(out)
    print(json.dumps({"seconds": seconds, "threads": faiss.omp_get_max_threads(), "blas": blas_in_use(), "faiss": faiss.__version__}))


if __name__ == "__main__":
    main()
