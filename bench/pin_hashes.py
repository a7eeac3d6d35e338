"""What one PIN guess costs: argon2id with the pepper now, scrypt before; and a whole PIN space.

    .venv/bin/python -m bench.pin_hashes [--repeat 10]

Only someone holding both the database and the pepper can make a guess at all; these figures
are for them. Prints figures; asserts nothing about speed.
"""

import argparse
import base64
import hashlib
import secrets
import time

from bench.pictures import reset_peak, status_kib
from kiosk_core.percentile import median
from kiosk_core.staff.therapists import hash_pin, pin_matches


def scrypt_guess(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)


def timed(guess, repeat: int) -> tuple[float, float]:
    """(median wall seconds, median CPU seconds over all threads) of one guess."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        guess()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return median(walls), median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    pepper = secrets.token_urlsafe(32).encode()
    stored = hash_pin("286413", pepper=pepper)
    salt = secrets.token_bytes(16)
    before_kib = reset_peak()
    argon2 = timed(lambda: pin_matches("315724", stored, pepper=pepper), args.repeat)
    argon2_mib = (status_kib("VmHWM") - before_kib) / 1024
    scrypt = timed(lambda: scrypt_guess("315724", salt), args.repeat)
    print(f"stored: {stored[:40]}... ({len(stored)} characters); legacy: scrypt${base64.b64encode(salt).decode()}$...")
    print(f"{'hash':28} {'wall/guess':>11} {'CPU/guess':>10} {'all 4-digit, 1 core':>20} {'all 6-digit, 1 core':>20}")
    for name, (wall, cpu) in (("argon2id (m=64 MiB, t=3, p=4)", argon2), ("scrypt (N=2^14, before)", scrypt)):
        four, six = cpu * 10**4, cpu * 10**6
        print(f"{name:28} {wall * 1000:8.1f} ms {cpu * 1000:7.1f} ms {four / 60:16.1f} min {six / 3600:18.1f} h")
    print(f"argon2id peak memory growth: {argon2_mib:+.1f} MiB")


if __name__ == "__main__":
    main()
