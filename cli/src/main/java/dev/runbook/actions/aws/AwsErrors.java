package dev.runbook.actions.aws;

import dev.runbook.error.Messages;
import dev.runbook.error.Messages;
import dev.runbook.action.ActionFailedException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns what the AWS SDK throws into one plain sentence for the operator: access denied names the IAM action and the
 * resource, not found names the resource, missing or expired credentials say how to log in, an endpoint that cannot
 * be reached suggests {@code --region}, and anything else keeps AWS's own code and message.
 */
public final class AwsErrors {
    private static final Set<String> CREDENTIAL_CODES = Set.of("ExpiredToken", "ExpiredTokenException",
            "InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId", "MissingAuthenticationToken",
            "MissingAuthenticationTokenException", "SignatureDoesNotMatch", "InvalidSignatureException",
            "TokenRefreshRequired", "RequestExpired");

    private AwsErrors() {
    }

    /**
     * The operator's message for a failed call.
     *
     * @param operation the IAM action of the call, e.g. {@code dynamodb:DescribeTable}
     * @param resource  what it was about, e.g. {@code table 'orders'}
     */
    public static ActionFailedException describe(Exception e, String operation, String resource) {
        return describe(e, operation, resource, null);
    }

    /** As {@link #describe(Exception, String, String)}, naming the region in reachability failures. */
    public static ActionFailedException describe(Exception e, String operation, String resource, String region) {
        if (e instanceof ActionFailedException) {
            return (ActionFailedException) e;
        }
        String about = resource == null ? "" : " on " + resource;
        if (e instanceof AwsServiceException) {
            return service((AwsServiceException) e, operation, resource, about);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return new ActionFailedException(operation + about + ": no answer from AWS within the step's time ("
                    + e.getMessage() + ")", e);
        }
        if (e instanceof SdkClientException) {
            String m = String.valueOf(e.getMessage());
            if (credentialsProblem(m)) {
                return new ActionFailedException(loginHint("no usable AWS credentials for " + operation + about), e);
            }
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof UnknownHostException || c instanceof ConnectException
                        || c instanceof SocketTimeoutException) {
                    return new ActionFailedException("cannot reach the AWS endpoint for " + operation
                            + (region == null ? "" : " in region " + region) + " (" + reachFailure(c)
                            + "): check --region" + (region == null ? "" : " (now " + region
                            + ")") + ", --endpoint-url and the network", e);
                }
            }
            return new ActionFailedException(operation + about + " failed: " + m, e);
        }
        return new ActionFailedException(operation + about + " failed: " + Messages.describe(e), e);
    }

    /** Whether a failure (an SDK exception, or a message made from one) says the resource does not exist. */
    public static boolean isNotFound(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof AwsServiceException) {
                AwsServiceException e = (AwsServiceException) c;
                String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
                return notFoundCode(code, e.statusCode());
            }
        }
        return false;
    }

    /** Whether a failure carries this AWS error code (e.g. {@code ConditionalCheckFailedException}). */
    public static boolean hasCode(Throwable t, String code) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof AwsServiceException) {
                AwsServiceException e = (AwsServiceException) c;
                return e.awsErrorDetails() != null && code.equals(e.awsErrorDetails().errorCode());
            }
        }
        return false;
    }

    private static boolean notFoundCode(String code, int status) {
        String lower = code == null ? "" : code.toLowerCase(Locale.ROOT);
        // RDS says DBClusterNotFoundFault, S3 ReplicationConfigurationNotFoundError
        return lower.endsWith("notfound") || lower.endsWith("notfoundexception") || lower.startsWith("nosuch")
                || lower.endsWith("notfoundfault") || lower.endsWith("notfounderror")
                || (status == 404 && code == null);
    }

    /** The sentence that tells the operator how to log in, after {@code what} went wrong. */
    static String loginHint(String what) {
        return what + ": log in (for example 'aws sso login --profile PROFILE', then run with --profile PROFILE), "
                + "or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";
    }

    private static ActionFailedException service(AwsServiceException e, String operation, String resource,
            String about) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String awsMessage = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        String detail = (code == null ? "" : code) + (awsMessage == null || awsMessage.isBlank() ? ""
                : (code == null ? "" : ": ") + awsMessage);
        int status = e.statusCode();
        String c = code == null ? "" : code;
        String lower = c.toLowerCase(Locale.ROOT);
        if (CREDENTIAL_CODES.contains(c)) {
            return new ActionFailedException(loginHint("AWS refused the credentials for " + operation + " (" + detail
                    + ")"), e);
        }
        if (lower.contains("accessdenied") || lower.contains("unauthorized") || lower.contains("notauthorized")
                || lower.equals("authorizationerror") || (status == 403 && code == null)) {
            return new ActionFailedException("access denied: the caller may not " + operation + about
                    + " (IAM action " + operation + (resource == null ? "" : ", resource " + resource) + "): "
                    + detail, e);
        }
        if (notFoundCode(code, status)) {
            return new ActionFailedException((resource == null ? "the resource" : resource) + " not found ("
                    + operation + ": " + detail + ")", e);
        }
        if (e.isThrottlingException()) {
            return new ActionFailedException(operation + about + ": AWS kept throttling the call, every retry "
                    + "included (" + detail + "): wait and run the step again", e);
        }
        if (status >= 500) {
            return new ActionFailedException(operation + about + " failed: AWS answered " + status
                    + (detail.isEmpty() ? "" : " " + detail) + " after every retry", e);
        }
        return new ActionFailedException(operation + about + " failed: " + (detail.isEmpty() ? "HTTP " + status
                : detail), e);
    }

    private static boolean credentialsProblem(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("unable to load credentials") || m.contains("contained no credentials")
                || m.contains("profile file contained no") || m.contains("sso session") || m.contains("token is expired")
                || m.contains("token has expired") || m.contains("credentials") && m.contains("expired")
                || m.contains("unable to load an sso token") || m.contains("profile '") && m.contains("not found");
    }

    /** What a connection failure was, in words: "unknown host NAME", "connection refused", "timed out". */
    private static String reachFailure(Throwable c) {
        if (c instanceof UnknownHostException) {
            return "unknown host " + c.getMessage();
        }
        if (c instanceof SocketTimeoutException) {
            return "timed out";
        }
        return c.getMessage() == null ? "connection refused" : c.getMessage();
    }
}
