package dev.runbook.error;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.DateTimeException;

/**
 * The one place that turns a Java exception into the plain sentence shown to a user, without the exception's class
 * name ({@code NoSuchFileException: /x} becomes {@code no such file or folder: /x}, {@code long overflow} becomes
 * {@code a number or time is out of range}). Engine and front-ends build "cannot ... : " + {@link #describe}.
 */
public final class Messages {
    private Messages() {
    }

    /** A sentence (lower case, no final stop) saying what went wrong, for any throwable. */
    public static String describe(Throwable e) {
        if (e == null) {
            return "an unexpected error";
        }
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            return describe(e.getCause());
        }
        if (e instanceof FileSystemException) {
            return file((FileSystemException) e);
        }
        if (e instanceof CharacterCodingException) {
            return "the text is not valid UTF-8";
        }
        if (e instanceof InterruptedException || e instanceof InterruptedIOException) {
            return "interrupted";
        }
        if (e instanceof NumberFormatException) {
            return "a text that is not a number is used as a number";
        }
        if (e instanceof ArithmeticException || e instanceof DateTimeException) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("overflow") || m.contains("exceeds") || m.contains("out of range")
                    || m.contains("Invalid value")) {
                return "a number or time is out of range";
            }
            return m.contains("by zero") ? "division by zero" : "a calculation failed: " + m;
        }
        if (e instanceof StackOverflowError) {
            return "the input is nested too deeply";
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory";
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getCause() != null && e.getCause() != e ? describe(e.getCause()) : "an unexpected error";
        }
        return m;
    }

    private static String file(FileSystemException e) {
        String file = e.getFile() == null ? "" : ": " + e.getFile();
        if (e instanceof NoSuchFileException) {
            return "no such file or folder" + file;
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied" + file;
        }
        if (e instanceof FileAlreadyExistsException) {
            return "it already exists" + file;
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder" + file;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "the folder is not empty" + file;
        }
        if (e instanceof FileSystemLoopException) {
            return "the folders form a loop" + file;
        }
        String reason = e.getReason();
        return (reason == null || reason.isBlank() ? "the file system refused" : lowerFirst(reason)) + file;
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() || (s.length() > 1 && Character.isUpperCase(s.charAt(1))) ? s
                : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
