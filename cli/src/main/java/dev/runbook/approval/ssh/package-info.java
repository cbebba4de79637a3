/**
 * SSH signatures in the format of {@code ssh-keygen -Y sign} (OpenSSH's PROTOCOL.sshsig), in pure JDK crypto:
 * signing with an OpenSSH private key file or through ssh-agent, verifying against an allowed-signers file.
 *
 * <p>{@link dev.runbook.approval.ssh.SshSig} signs and verifies; {@link dev.runbook.approval.ssh.SshKeys} reads
 * OpenSSH public and private keys; {@link dev.runbook.approval.ssh.SshAgent} talks to ssh-agent over its UNIX
 * socket; {@link dev.runbook.approval.ssh.AllowedSigners} reads ssh-keygen's ALLOWED SIGNERS format. Key and
 * signature blobs follow RFC 4253, RFC 5656, RFC 8332 and RFC 8709 (ssh-ed25519, ssh-rsa signing rsa-sha2-512 or
 * rsa-sha2-256, ecdsa-sha2-nistp256/384/521). Signatures made here verify with {@code ssh-keygen -Y verify} and
 * the other way round. No picocli, jline or AWS SDK here.
 */
package dev.runbook.approval.ssh;
