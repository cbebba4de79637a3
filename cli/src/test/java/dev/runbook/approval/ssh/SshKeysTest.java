package dev.runbook.approval.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SshKeysTest {
    private static final byte[] MESSAGE = "m".getBytes(StandardCharsets.UTF_8);

    /** ssh-keygen -t ed25519 -N 'correct horse' -C enc@example.com (OpenSSH 9.2: aes256-ctr, bcrypt, 16 rounds). */
    private static final String ENCRYPTED = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
            + "b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABA2kya8d4\n"
            + "dDrH5wa7ldZ+iQAAAAEAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAIEHUfguBuf3CymvE\n"
            + "lGIb9nOqNhCbjuLOm2TaXERPb3NIAAAAoBt6UqAUj4cG26HJMI1X1EFWbgFpc63M4ysxI0\n"
            + "djisvVPWgZphEAl/RV+h1x2meIzO8vz1pRXZgbxGs1XnDwj29R6zGYWORNc4Eeh6Oewf8J\n"
            + "opS41baohOCz82ZQ/ATccpekrMyc+BlvnS/WrR8aajzJQiyf6pqDzB/bt41qnMzJ0T1bLE\n"
            + "0CV2i+SOIUgyJbOEsnZbl4M3KELGq3uJiXZaQ=\n"
            + "-----END OPENSSH PRIVATE KEY-----\n";
    private static final String ENCRYPTED_PUB =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEHUfguBuf3CymvElGIb9nOqNhCbjuLOm2TaXERPb3NI enc@example.com";

    @TempDir
    Path dir;

    private static void signsAndVerifies(SshSigner signer, byte[] expectedBlob) throws Exception {
        assertThat(signer.publicKeyBlob()).isEqualTo(expectedBlob);
        String sig = SshSig.sign(MESSAGE, SshSig.NAMESPACE, signer);
        AllowedSigners a = AllowedSigners.parse("me " + SshKeys.toOpensshLine(expectedBlob, null), "as");
        assertThat(SshSig.verify(MESSAGE, SshSig.NAMESPACE, sig, a, Instant.now()).principals()).containsExactly("me");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "rsa", "ecdsa"})
    void readsAnUnencryptedOpensshKeyFileAndSignsWithIt(String type) throws Exception {
        KeyPair pair = type.equals("rsa") ? TestKeys.rsa(2048)
                : type.equals("ecdsa") ? TestKeys.ecdsaP256() : TestKeys.ed25519();
        Path file = TestKeys.writePrivateKey(dir.resolve("id_" + type), pair, "me@example.com");

        signsAndVerifies(SshKeys.fromPrivateKeyFile(file, null), TestKeys.blob(pair));
    }

    @Test
    void readsAKeyEncryptedBySshKeygenWithItsPassphrase() throws Exception {
        Path file = Files.writeString(dir.resolve("enc"), ENCRYPTED);

        signsAndVerifies(SshKeys.fromPrivateKeyFile(file, "correct horse".toCharArray()),
                SshKeys.parsePublicKey(ENCRYPTED_PUB));
    }

    @Test
    void anEncryptedKeyWithoutOrWithAWrongPassphraseSaysSo() throws Exception {
        Path file = Files.writeString(dir.resolve("enc"), ENCRYPTED);

        assertThatThrownBy(() -> SshKeys.fromPrivateKeyFile(file, null)).isInstanceOf(SshSigException.class)
                .hasMessageStartingWith(file + ": the key is encrypted with a passphrase")
                .hasMessageContaining("ssh-add " + file);
        assertThatThrownBy(() -> SshKeys.fromPrivateKeyFile(file, "wrong horse".toCharArray()))
                .hasMessage(file + ": wrong passphrase");
    }

    @ParameterizedTest
    @CsvSource({"aes256-ctr,rsa,2048", "aes256-gcm@openssh.com,ed25519,256", "aes128-cbc,ecdsa,384"})
    void readsKeysEncryptedBySshKeygenWithEachCipher(String cipher, String type, String bits) throws Exception {
        assumeThat(Processes.installed("ssh-keygen")).isTrue();
        Path key = dir.resolve("k");
        Processes.Result r = Processes.run(dir, "ssh-keygen", "-q", "-t", type, "-b", bits, "-N", "s3cret pass",
                "-Z", cipher, "-a", "4", "-f", key.toString());
        assertThat(r.exit()).as(r.toString()).isZero();

        signsAndVerifies(SshKeys.fromPrivateKeyFile(key, "s3cret pass".toCharArray()),
                SshKeys.parsePublicKey(Files.readString(dir.resolve("k.pub"))));
        assertThatThrownBy(() -> SshKeys.fromPrivateKeyFile(key, "s3cret pas".toCharArray()))
                .hasMessageEndingWith("wrong passphrase");
    }

    @Test
    void blowfishStartsFromTheDigitsOfPi() {
        int[] w = BcryptPbkdf.initialWords();

        assertThat(w).hasSize(18 + 1024);
        assertThat(w[0]).isEqualTo(0x243f6a88); // P[0]
        assertThat(w[17]).isEqualTo(0x8979fb1b); // P[17]
        assertThat(w[18]).isEqualTo(0xd1310ba6); // S[0][0]
        assertThat(w[18 + 256]).isEqualTo(0x4b7a70e9); // S[1][0]
        assertThat(w[18 + 1023]).isEqualTo(0x3ac372e6); // S[3][255]
    }

    @Test
    void bcryptPbkdfMatchesTheOpenBsdVector() throws Exception {
        // OpenBSD regress/lib/libutil/bcrypt_pbkdf: "password", "salt", 4 rounds, 32 bytes
        byte[] key = BcryptPbkdf.derive("password".getBytes(StandardCharsets.US_ASCII),
                "salt".getBytes(StandardCharsets.US_ASCII), 32, 4);

        assertThat(HexFormat.of().formatHex(key))
                .isEqualTo("5bbf0cc293587f1c3635555c27796598d47e579071bf427e9d8fbe842aba34d9");
    }

    @Test
    void keyFileErrorsNameTheFileAndSayWhatToDo() throws Exception {
        KeyPair pair = TestKeys.ed25519();
        Path pub = Files.writeString(dir.resolve("id.pub"), TestKeys.publicLine(pair, "c"));
        Path pem = Files.writeString(dir.resolve("id_rsa"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n"
                + "-----END RSA PRIVATE KEY-----\n");
        Path junk = Files.writeString(dir.resolve("junk"), "hello");
        String good = TestKeys.opensshPrivateKey(pair, "c");
        Path cut = Files.writeString(dir.resolve("cut"), good.substring(0, good.length() / 2));

        assertThatThrownBy(() -> SshKeys.fromPrivateKeyFile(dir.resolve("none"), null))
                .hasMessage(dir.resolve("none") + ": no such key file");
        assertThatThrownBy(() -> SshKeys.fromPrivateKeyFile(pub, null)).hasMessageContaining("this is a public key");
        assertThatThrownBy(() -> SshKeys.fromPrivateKeyFile(pem, null)).hasMessageContaining("old PEM format")
                .hasMessageContaining("ssh-keygen -p -f " + pem);
        assertThatThrownBy(() -> SshKeys.fromPrivateKeyFile(junk, null)).hasMessageContaining("not an OpenSSH private key");
        assertThatThrownBy(() -> SshKeys.fromPrivateKeyFile(cut, null)).hasMessageContaining("cut short");
    }

    @Test
    void aKeyFileWhosePrivateHalfBelongsToAnotherKeyIsRefused() throws Exception {
        // given a file whose public section is alice's but whose private section is bob's
        String alice = TestKeys.opensshPrivateKey(TestKeys.ed25519(), "a");
        String bob = TestKeys.opensshPrivateKey(TestKeys.ed25519(), "a");
        byte[] a = decode(alice);
        byte[] b = decode(bob);
        SshWire.Reader ra = new SshWire.Reader(a, "t");
        ra.raw(SshKeys.PRIVATE_MAGIC.length);
        ra.string();
        ra.string();
        ra.string();
        ra.uint32();
        byte[] alicePub = ra.string();
        SshWire.Reader rb = new SshWire.Reader(b, "t");
        rb.raw(SshKeys.PRIVATE_MAGIC.length);
        rb.string();
        rb.string();
        rb.string();
        rb.uint32();
        rb.string();
        byte[] bobPrivate = rb.string();
        byte[] mixed = new SshWire.Writer().raw(SshKeys.PRIVATE_MAGIC).string("none").string("none")
                .string(new byte[0]).uint32(1).string(alicePub).string(bobPrivate).toByteArray();
        String text = SshKeys.PRIVATE_BEGIN + "\n" + java.util.Base64.getEncoder().encodeToString(mixed) + "\n"
                + SshKeys.PRIVATE_END + "\n";

        assertThatThrownBy(() -> SshKeys.parsePrivateKey(text, null, "mixed"))
                .hasMessage("the private key does not belong to the public key stored with it");
    }

    @Test
    void publicKeyLinesRoundTripAndFingerprintLikeSshKeygen() throws Exception {
        byte[] blob = SshKeys.parsePublicKey(SshSigTest.KAT_ED25519_PUB);

        assertThat(SshKeys.toOpensshLine(blob, "kat@example.com")).isEqualTo(SshSigTest.KAT_ED25519_PUB);
        assertThat(SshKeys.fingerprint(blob)).isEqualTo("SHA256:dmOXCgVy6u8WAVfsQW/s+dQp3Ts6dwp+bFA0BUxDxTw");
        assertThat(SshKeys.toOpensshLine(blob, null)).doesNotEndWith(" ");
    }

    @Test
    void aPublicKeyLineThatLiesAboutItsTypeOrIsNotBase64IsRefused() {
        String body = SshSigTest.KAT_ED25519_PUB.split(" ")[1];

        assertThatThrownBy(() -> SshKeys.parsePublicKey("ssh-rsa " + body))
                .hasMessage("the key says it is ssh-rsa but its data is ssh-ed25519");
        assertThatThrownBy(() -> SshKeys.parsePublicKey("ssh-ed25519 not*base64"))
                .hasMessage("the ssh-ed25519 public key is not valid base64");
        assertThatThrownBy(() -> SshKeys.parsePublicKey("ssh-ed25519"))
                .hasMessageContaining("expected 'TYPE BASE64 [COMMENT]'");
        assertThatThrownBy(() -> SshKeys.parsePublicKey("ssh-ed25519 " + body.substring(0, 40)))
                .isInstanceOf(SshSigException.class);
    }

    @Test
    void anRsaKeyBelowOpensshsMinimumIsRefused() throws Exception {
        KeyPair small = TestKeys.rsa(768);

        assertThatThrownBy(() -> SshKeys.parsePublicKey(TestKeys.publicLine(small, "old")))
                .hasMessage("ssh-rsa key of 768 bits is too small (OpenSSH's minimum is 1024)");
        assertThatThrownBy(() -> SshSig.sign(MESSAGE, SshSig.NAMESPACE, SshKeys.fromKeyPair(small)))
                .hasMessageContaining("too small");
    }

    private static byte[] decode(String armored) {
        return java.util.Base64.getMimeDecoder().decode(armored.replace(SshKeys.PRIVATE_BEGIN, "")
                .replace(SshKeys.PRIVATE_END, ""));
    }
}
