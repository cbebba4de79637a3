package dev.runbook.approval.ssh;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A parsed SSHSIG signature (PROTOCOL.sshsig): the signer's public key blob, the namespace it was made for, the
 * hash of the message that was signed (sha512 or sha256) and the SSH signature blob. Parsing does not verify it.
 */
public record SshSignature(byte[] publicKeyBlob, String namespace, String hashAlgorithm, byte[] signatureBlob) {
    public SshSignature {
        publicKeyBlob = publicKeyBlob.clone();
        signatureBlob = signatureBlob.clone();
    }

    @Override
    public byte[] publicKeyBlob() {
        return publicKeyBlob.clone();
    }

    @Override
    public byte[] signatureBlob() {
        return signatureBlob.clone();
    }

    /** The key type of the signer's key, e.g. {@code ssh-ed25519}; "unknown" when the blob has no readable type. */
    public String keyType() {
        try {
            return SshKeyAlgorithms.keyType(publicKeyBlob);
        } catch (SshSigException e) {
            return "unknown";
        }
    }

    /** The signer's key fingerprint as {@code ssh-keygen -l} prints it: {@code SHA256:} and unpadded base64. */
    public String fingerprint() {
        return SshKeys.fingerprint(publicKeyBlob);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SshSignature && Arrays.equals(publicKeyBlob, ((SshSignature) o).publicKeyBlob)
                && namespace.equals(((SshSignature) o).namespace)
                && hashAlgorithm.equals(((SshSignature) o).hashAlgorithm)
                && Arrays.equals(signatureBlob, ((SshSignature) o).signatureBlob);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(publicKeyBlob) + Arrays.hashCode(signatureBlob);
    }

    @Override
    public String toString() {
        return "SshSignature[" + keyType() + " " + fingerprint() + ", namespace=" + namespace + ", hash="
                + hashAlgorithm + ", signature=" + HexFormat.of().formatHex(signatureBlob) + "]";
    }
}
