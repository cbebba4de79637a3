package dev.runbook.approval.ssh;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The SSH wire encoding (RFC 4251 section 5): uint32, string, mpint; a reader that refuses truncated input. */
final class SshWire {
    private SshWire() {
    }

    /** Writes SSH wire data. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Writer uint32(long v) {
            out.write((int) (v >>> 24) & 0xff);
            out.write((int) (v >>> 16) & 0xff);
            out.write((int) (v >>> 8) & 0xff);
            out.write((int) v & 0xff);
            return this;
        }

        Writer byte8(int v) {
            out.write(v & 0xff);
            return this;
        }

        Writer string(byte[] b) {
            uint32(b.length);
            out.writeBytes(b);
            return this;
        }

        Writer string(String s) {
            return string(s.getBytes(StandardCharsets.UTF_8));
        }

        Writer mpint(BigInteger v) {
            return string(v.signum() == 0 ? new byte[0] : v.toByteArray());
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    /** Reads SSH wire data; every read past the end is an {@link SshSigException} naming {@code what}. */
    static final class Reader {
        private final byte[] data;
        private final String what;
        private int pos;

        Reader(byte[] data, String what) {
            this.data = data;
            this.what = what;
        }

        boolean hasMore() {
            return pos < data.length;
        }

        int remaining() {
            return data.length - pos;
        }

        byte[] raw(int n) throws SshSigException {
            if (n < 0 || n > data.length - pos) {
                throw new SshSigException(what + " is truncated");
            }
            byte[] b = Arrays.copyOfRange(data, pos, pos + n);
            pos += n;
            return b;
        }

        int byte8() throws SshSigException {
            return raw(1)[0] & 0xff;
        }

        long uint32() throws SshSigException {
            byte[] b = raw(4);
            return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
        }

        byte[] string() throws SshSigException {
            long n = uint32();
            if (n > data.length - pos) {
                throw new SshSigException(what + " is truncated");
            }
            return raw((int) n);
        }

        String utf8() throws SshSigException {
            return new String(string(), StandardCharsets.UTF_8);
        }

        BigInteger mpint() throws SshSigException {
            byte[] b = string();
            return b.length == 0 ? BigInteger.ZERO : new BigInteger(b);
        }

        void end() throws SshSigException {
            if (hasMore()) {
                throw new SshSigException(what + " has " + remaining() + " unexpected trailing bytes");
            }
        }
    }
}
