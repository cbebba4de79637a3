package dev.runbook.approval.ssh;

/** Decrypts the private section of an encrypted openssh-key-v1 file. */
final class OpensshKeyCipher {
    private OpensshKeyCipher() {
    }

    static byte[] decrypt(String cipher, String kdf, byte[] kdfOptions, char[] passphrase, byte[] section)
            throws SshSigException {
        throw new SshSigException("keys encrypted with " + cipher + " are not supported yet: load the key into"
                + " ssh-agent with ssh-add and sign through the agent");
    }
}
