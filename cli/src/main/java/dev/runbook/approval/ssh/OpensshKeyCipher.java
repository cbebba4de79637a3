package dev.runbook.approval.ssh;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decrypts the private section of an encrypted openssh-key-v1 file: key and IV from bcrypt_pbkdf over the
 * passphrase, then AES in CTR (ssh-keygen's default, aes256-ctr), CBC or GCM mode.
 */
final class OpensshKeyCipher {
    private OpensshKeyCipher() {
    }

    /** A cipher of the key file format: JDK transformation, key and IV lengths, GCM tag length. */
    private record Spec(String transformation, int keyLength, int ivLength, int tagLength) {
        static Spec of(String name) throws SshSigException {
            switch (name) {
                case "aes128-ctr":
                    return new Spec("AES/CTR/NoPadding", 16, 16, 0);
                case "aes192-ctr":
                    return new Spec("AES/CTR/NoPadding", 24, 16, 0);
                case "aes256-ctr":
                    return new Spec("AES/CTR/NoPadding", 32, 16, 0);
                case "aes128-cbc":
                    return new Spec("AES/CBC/NoPadding", 16, 16, 0);
                case "aes192-cbc":
                    return new Spec("AES/CBC/NoPadding", 24, 16, 0);
                case "aes256-cbc":
                    return new Spec("AES/CBC/NoPadding", 32, 16, 0);
                case "aes128-gcm@openssh.com":
                    return new Spec("AES/GCM/NoPadding", 16, 12, 16);
                case "aes256-gcm@openssh.com":
                    return new Spec("AES/GCM/NoPadding", 32, 12, 16);
                default:
                    throw new SshSigException("the key is encrypted with " + name + ", which is not supported here:"
                            + " load it into ssh-agent with ssh-add, or re-encrypt it with 'ssh-keygen -p -Z aes256-ctr'");
            }
        }
    }

    /** The GCM authentication tag length that follows the encrypted section in the file (0 for other ciphers). */
    static int tagLength(String cipher) throws SshSigException {
        return Spec.of(cipher).tagLength();
    }

    static byte[] decrypt(String cipher, String kdf, byte[] kdfOptions, char[] passphrase, byte[] section)
            throws SshSigException {
        Spec spec = Spec.of(cipher);
        if (!"bcrypt".equals(kdf)) {
            throw new SshSigException("the key's passphrase uses key derivation '" + kdf + "'; only bcrypt is known");
        }
        SshWire.Reader r = new SshWire.Reader(kdfOptions, "bcrypt options");
        byte[] salt = r.string();
        long rounds = r.uint32();
        r.end();
        if (rounds < 1 || rounds > 1 << 20) {
            throw new SshSigException("the key's bcrypt rounds (" + rounds + ") are out of range");
        }
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] pass = Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        byte[] keyIv;
        try {
            keyIv = BcryptPbkdf.derive(pass, salt, spec.keyLength() + spec.ivLength(), (int) rounds);
        } finally {
            Arrays.fill(pass, (byte) 0);
        }
        try {
            Cipher c = Cipher.getInstance(spec.transformation());
            SecretKeySpec key = new SecretKeySpec(keyIv, 0, spec.keyLength(), "AES");
            byte[] iv = Arrays.copyOfRange(keyIv, spec.keyLength(), keyIv.length);
            if (spec.tagLength() > 0) {
                c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(spec.tagLength() * 8, iv));
            } else {
                if (section.length % 16 != 0) {
                    throw new SshSigException("the encrypted key is not a whole number of AES blocks");
                }
                c.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
            }
            return c.doFinal(section);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SshSigException("wrong passphrase");
        } catch (GeneralSecurityException e) {
            throw new SshSigException("cannot decrypt the key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(keyIv, (byte) 0);
        }
    }
}
