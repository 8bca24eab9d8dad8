#!/usr/bin/python3
"""Expected fingerprints for StatFingerprintTest, from a second implementation of the mixing that
StatFingerprint's Javadoc describes (two lanes of multiply-rotate mixing, finished with
MurmurHash3's 64-bit finaliser), written from that description in Python's unbounded integers
reduced to 64 bits. The fingerprints are written to .mlctl/state/dirs/: a changed formula makes
every recorded snapshot unusable, so the values are pinned.

    python3 mlctl-core/src/test/python/stat_fingerprint.py
"""

M = (1 << 64) - 1
C1 = 0x87C37B91114253D5
C2 = 0x4CF5AD432745937F


def rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & M


def fmix(k):
    # MurmurHash3's fmix64 (Appleby, MurmurHash3.cpp)
    k ^= k >> 33
    k = (k * 0xFF51AFD7ED558CCD) & M
    k ^= k >> 33
    k = (k * 0xC4CEB93FE53A87F9) & M
    k ^= k >> 33
    return k


class Mixer:
    def __init__(self):
        self.a = 0x9E3779B97F4A7C15
        self.b = 0xC2B2AE3D27D4EB4F

    def add(self, v):
        v &= M  # a Java long, two's complement
        self.a = (rotl(self.a ^ ((v * C1) & M), 31) * C2 + 0x52DCE729) & M
        self.b = (rotl(self.b ^ ((v * C2) & M), 33) * C1 + 0x38495AB5) & M

    def add_str(self, s):
        units = s.encode("utf-16-be")
        cs = [int.from_bytes(units[i:i + 2], "big") for i in range(0, len(units), 2)]
        n = len(cs)
        self.add(n)
        i = 0
        while i + 4 <= n:
            self.add((cs[i] << 48) | (cs[i + 1] << 32) | (cs[i + 2] << 16) | cs[i + 3])
            i += 4
        tail = 0
        while i < n:
            tail = (tail << 16) | cs[i]
            i += 1
        self.add(tail)

    def x(self):
        return fmix((self.a + self.b) & M)

    def y(self):
        return fmix((self.b + self.x()) & M)

    def hex(self):
        return "%016x%016x" % (self.x(), self.y())


class Fingerprint:
    def __init__(self):
        self.lane_a = 0
        self.lane_b = 0
        self.count = 0

    def add(self, name, type_, size, mtime_nanos, identity):
        m = Mixer()
        m.add(ord(type_))
        m.add_str(name)
        m.add(size)
        m.add(mtime_nanos)
        m.add(identity)
        self.fold(m)
        return self

    def add_unreadable(self, name, type_):
        m = Mixer()
        m.add(ord(type_))
        m.add_str(name)
        self.fold(m)
        return self

    def fold(self, m):
        self.lane_a = (self.lane_a + m.x()) & M
        self.lane_b = (self.lane_b + m.y()) & M
        self.count += 1

    def value(self):
        m = Mixer()
        m.add(self.count)
        m.add(self.lane_a)
        m.add(self.lane_b)
        return m.hex()


def of_bytes(data):
    m = Mixer()
    m.add(len(data))
    i = 0
    while i + 8 <= len(data):
        m.add(int.from_bytes(data[i:i + 8], "big"))
        i += 8
    m.add(int.from_bytes(data[i:], "big") if i < len(data) else 0)
    return m.hex()


def of_stat(size, mtime_nanos, inode):
    m = Mixer()
    m.add(-1)
    m.add(size)
    m.add(mtime_nanos)
    m.add_str(inode)
    return m.hex()


print("empty                ", Fingerprint().value())
print("one file             ", Fingerprint().add("data/raw.csv", "f", 1234, 1_700_000_000_123_456_789, 42).value())
print("three entries        ", Fingerprint().add("data/raw.csv", "f", 1234, 1_700_000_000_123_456_789, 42)
      .add("sub", "d", 0, 1_600_000_000_000_000_000, -7).add_unreadable("gone\u00e9", "l").value())
print("ofBytes ''           ", of_bytes(b""))
print("ofBytes 'hello world!'", of_bytes(b"hello world!"))
print("ofBytes 8 bytes 1..8  ", of_bytes(bytes(range(1, 9))))
print("ofBytes 16 bytes 1..16", of_bytes(bytes(range(1, 17))))
print("of stat              ", of_stat(10, 1_700_000_000_500_000_000, "(dev=803,ino=1234567)"))
