package dev.runbook.approval.ssh;

/** Something that holds an SSH private key and signs with it: a key file ({@link SshKeys}) or ssh-agent ({@link SshAgent}). */
public interface SshSigner {
    /** The SSH public key blob (RFC 4253 section 6.6) of the key this signer signs with. */
    byte[] publicKeyBlob();

    /** The SSH signature blob (string algorithm, string signature) over data; RSA keys sign with rsa-sha2-512. */
    byte[] sign(byte[] data) throws SshSigException;
}
