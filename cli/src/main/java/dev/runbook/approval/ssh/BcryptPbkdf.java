package dev.runbook.approval.ssh;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * OpenBSD's bcrypt_pbkdf (the key derivation of encrypted openssh-key-v1 files): PBKDF2-like rounds over a
 * bcrypt hash built on the Blowfish key schedule ("eksblowfish"). The JDK's Blowfish cipher does not expose the
 * expensive key schedule, so Blowfish is implemented here.
 */
final class BcryptPbkdf {
    private static final int WORDS = 8;
    private static final int HASH_SIZE = WORDS * 4;
    private static final byte[] MAGIC = "OxychromaticBlowfishSwatDynamite".getBytes(StandardCharsets.US_ASCII);

    /**
     * Blowfish's initial P-array (18 words) and S-boxes (4 x 256 words) are, by definition, the hexadecimal digits
     * of the fractional part of pi. They are computed once here (Machin's formula, a few milliseconds) rather than
     * pasted as 1042 constants; a test checks known words of the published tables.
     */
    private static final int[] PI_WORDS = piWords(18 + 4 * 256);

    private final int[] p = new int[18];
    private final int[] s = new int[4 * 256];

    private BcryptPbkdf() {
        System.arraycopy(PI_WORDS, 0, p, 0, 18);
        System.arraycopy(PI_WORDS, 18, s, 0, 4 * 256);
    }

    static int[] piWords(int count) {
        int bits = count * 32 + 64; // guard bits absorb the truncation error of the series
        BigInteger one = BigInteger.ONE.shiftLeft(bits);
        BigInteger pi = arctanInverse(5, one).shiftLeft(4).subtract(arctanInverse(239, one).shiftLeft(2));
        BigInteger fraction = pi.subtract(BigInteger.valueOf(3).shiftLeft(bits)).shiftRight(64);
        byte[] raw = fraction.toByteArray();
        byte[] b = new byte[count * 4];
        int len = Math.min(raw.length, b.length);
        System.arraycopy(raw, raw.length - len, b, b.length - len, len);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = ((b[4 * i] & 0xff) << 24) | ((b[4 * i + 1] & 0xff) << 16) | ((b[4 * i + 2] & 0xff) << 8)
                    | (b[4 * i + 3] & 0xff);
        }
        return out;
    }

    /** arctan(1/x) scaled by one, by its Taylor series. */
    private static BigInteger arctanInverse(int x, BigInteger one) {
        BigInteger xx = BigInteger.valueOf((long) x * x);
        BigInteger power = one.divide(BigInteger.valueOf(x));
        BigInteger sum = power;
        for (int k = 1; power.signum() != 0; k++) {
            power = power.divide(xx);
            BigInteger term = power.divide(BigInteger.valueOf(2L * k + 1));
            sum = (k & 1) == 1 ? sum.subtract(term) : sum.add(term);
        }
        return sum;
    }

    /** bcrypt_pbkdf(pass, salt, rounds) producing keyLength bytes. */
    static byte[] derive(byte[] pass, byte[] salt, int keyLength, int rounds) throws SshSigException {
        if (rounds < 1 || pass.length == 0 || salt.length == 0 || keyLength <= 0
                || keyLength > HASH_SIZE * HASH_SIZE) {
            throw new SshSigException("bad bcrypt key derivation parameters");
        }
        MessageDigest sha512 = sha512();
        int stride = (keyLength + HASH_SIZE - 1) / HASH_SIZE;
        int amt = (keyLength + stride - 1) / stride;
        byte[] sha2pass = sha512.digest(pass);
        byte[] key = new byte[keyLength];
        int remaining = keyLength;
        for (int count = 1; remaining > 0; count++) {
            sha512.update(salt);
            sha512.update(new byte[] {(byte) (count >>> 24), (byte) (count >>> 16), (byte) (count >>> 8),
                (byte) count});
            byte[] tmp = hash(sha2pass, sha512.digest());
            byte[] out = tmp.clone();
            for (int i = 1; i < rounds; i++) {
                tmp = hash(sha2pass, sha512.digest(tmp));
                for (int j = 0; j < out.length; j++) {
                    out[j] ^= tmp[j];
                }
            }
            amt = Math.min(amt, remaining);
            int i;
            for (i = 0; i < amt; i++) {
                int dest = i * stride + (count - 1);
                if (dest >= keyLength) {
                    break;
                }
                key[dest] = out[i];
            }
            remaining -= i;
        }
        return key;
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-512", e);
        }
    }

    private static byte[] hash(byte[] sha2pass, byte[] sha2salt) {
        BcryptPbkdf state = new BcryptPbkdf();
        state.expandState(sha2salt, sha2pass);
        for (int i = 0; i < 64; i++) {
            state.expand0State(sha2salt);
            state.expand0State(sha2pass);
        }
        int[] cdata = new int[WORDS];
        int[] pos = {0};
        for (int i = 0; i < WORDS; i++) {
            cdata[i] = streamToWord(MAGIC, pos);
        }
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < WORDS; j += 2) {
                state.encipher(cdata, j);
            }
        }
        byte[] out = new byte[HASH_SIZE];
        for (int i = 0; i < WORDS; i++) {
            out[4 * i + 3] = (byte) (cdata[i] >>> 24);
            out[4 * i + 2] = (byte) (cdata[i] >>> 16);
            out[4 * i + 1] = (byte) (cdata[i] >>> 8);
            out[4 * i] = (byte) cdata[i];
        }
        return out;
    }

    private static int streamToWord(byte[] data, int[] pos) {
        int w = 0;
        int j = pos[0];
        for (int i = 0; i < 4; i++, j++) {
            if (j >= data.length) {
                j = 0;
            }
            w = (w << 8) | (data[j] & 0xff);
        }
        pos[0] = j;
        return w;
    }

    private int f(int x) {
        int h = s[x >>> 24] + s[0x100 | ((x >>> 16) & 0xff)];
        return (h ^ s[0x200 | ((x >>> 8) & 0xff)]) + s[0x300 | (x & 0xff)];
    }

    private void encipher(int[] lr, int off) {
        int l = lr[off];
        int r = lr[off + 1];
        l ^= p[0];
        for (int i = 1; i <= 16; i += 2) {
            r ^= f(l) ^ p[i];
            l ^= f(r) ^ p[i + 1];
        }
        lr[off] = r ^ p[17];
        lr[off + 1] = l;
    }

    private void expand0State(byte[] key) {
        int[] pos = {0};
        for (int i = 0; i < 18; i++) {
            p[i] ^= streamToWord(key, pos);
        }
        int[] lr = {0, 0};
        for (int i = 0; i < 18; i += 2) {
            encipher(lr, 0);
            p[i] = lr[0];
            p[i + 1] = lr[1];
        }
        for (int i = 0; i < s.length; i += 2) {
            encipher(lr, 0);
            s[i] = lr[0];
            s[i + 1] = lr[1];
        }
    }

    private void expandState(byte[] data, byte[] key) {
        int[] pos = {0};
        for (int i = 0; i < 18; i++) {
            p[i] ^= streamToWord(key, pos);
        }
        int[] dpos = {0};
        int[] lr = {0, 0};
        for (int i = 0; i < 18; i += 2) {
            lr[0] ^= streamToWord(data, dpos);
            lr[1] ^= streamToWord(data, dpos);
            encipher(lr, 0);
            p[i] = lr[0];
            p[i + 1] = lr[1];
        }
        for (int i = 0; i < s.length; i += 2) {
            lr[0] ^= streamToWord(data, dpos);
            lr[1] ^= streamToWord(data, dpos);
            encipher(lr, 0);
            s[i] = lr[0];
            s[i + 1] = lr[1];
        }
    }

    /** For tests: the initial state words, to compare with the published tables. */
    static int[] initialWords() {
        return Arrays.copyOf(PI_WORDS, PI_WORDS.length);
    }
}
