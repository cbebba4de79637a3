package dev.runbook.audit;

import java.net.InetAddress;
import java.util.Map;

/**
 * Who ran a run, as recorded on its start: the OS user, the host, and the AWS caller identity (an ARN) when the run
 * uses AWS, else null.
 */
public record Actor(String user, String host, String aws) {

    /** The current OS user and host, without an AWS identity. */
    public static Actor current() {
        return new Actor(System.getProperty("user.name", "unknown"), hostName(), null);
    }

    /** This actor with the AWS caller identity added (for runs whose steps call AWS). */
    public Actor withAws(String callerArn) {
        return new Actor(user, host, callerArn);
    }

    Map<String, Object> fields() {
        java.util.Map<String, Object> m = new java.util.TreeMap<>();
        m.put("user", user);
        m.put("host", host);
        if (aws != null) {
            m.put("aws", aws);
        }
        return m;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            // A host without a resolvable name (containers): the kernel's name is the next best thing.
            String env = System.getenv("HOSTNAME");
            return env != null && !env.isBlank() ? env : "unknown";
        }
    }
}
