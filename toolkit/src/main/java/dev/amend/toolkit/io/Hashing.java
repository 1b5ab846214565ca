package dev.amend.toolkit.io;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the digest of fingerprints, cache keys and study cell ids. */
public final class Hashing {

    private Hashing() {}

    /** {@return a fresh SHA-256 digest} */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * {@return the SHA-256 of {@code bytes}, as 64 lower-case hex digits}
     *
     * @param bytes what to digest
     */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /**
     * {@return the SHA-256 of {@code text}'s UTF-8 bytes, as 64 lower-case hex digits}
     *
     * @param text what to digest
     */
    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
