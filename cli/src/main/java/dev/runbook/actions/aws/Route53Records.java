package dev.runbook.actions.aws;

import dev.runbook.action.ActionFailedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * One Route 53 record set as the {@code aws.route53.change-record-set} action shows and takes it: a map with
 * {@code name, type, ttl, values, setIdentifier, failover, healthCheck, weight, region, aliasTarget} (the alias
 * target as {@code hostedZone, dnsName, evaluateTargetHealth}), or, for a record that does not exist,
 * {@code name, type, setIdentifier, absent: true}. The map and the SDK's record convert both ways, and
 * {@link #same} compares two records the way DNS sees them (names without case or final dot, values in any order).
 */
final class Route53Records {
    private Route53Records() {
    }

    static String dotted(String name) {
        String n = name.trim().replace("\\052", "*");
        return n.endsWith(".") ? n : n + ".";
    }

    /** A hosted zone id as the API takes it: {@code /hostedzone/Z1} is {@code Z1}. */
    static String zone(String id) {
        String z = id.trim();
        return z.startsWith("/hostedzone/") ? z.substring("/hostedzone/".length()) : z;
    }

    static Map<String, Object> toMap(ResourceRecordSet s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name() == null ? null : s.name().replace("\\052", "*"));
        m.put("type", s.typeAsString());
        m.put("ttl", s.ttl());
        List<Object> values = new ArrayList<>();
        if (s.hasResourceRecords()) {
            s.resourceRecords().forEach(rr -> values.add(rr.value()));
        }
        m.put("values", values);
        m.put("setIdentifier", s.setIdentifier());
        m.put("failover", s.failoverAsString());
        m.put("healthCheck", s.healthCheckId());
        m.put("weight", s.weight());
        m.put("region", s.regionAsString());
        if (s.aliasTarget() == null) {
            m.put("aliasTarget", null);
        } else {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("hostedZone", s.aliasTarget().hostedZoneId());
            a.put("dnsName", s.aliasTarget().dnsName());
            a.put("evaluateTargetHealth", s.aliasTarget().evaluateTargetHealth());
            m.put("aliasTarget", a);
        }
        return m;
    }

    static Map<String, Object> absent(String name, String type, String setIdentifier) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", dotted(name));
        m.put("type", type);
        m.put("setIdentifier", setIdentifier);
        m.put("absent", true);
        return m;
    }

    static boolean isAbsent(Map<String, Object> record) {
        return Boolean.TRUE.equals(record.get("absent")) || "true".equals(String.valueOf(record.get("absent")));
    }

    /** The routing this action does not manage, named, or null: such a record is refused rather than mangled. */
    static String unmanaged(ResourceRecordSet s) {
        if (s.geoLocation() != null) {
            return "geolocation routing";
        }
        if (Boolean.TRUE.equals(s.multiValueAnswer())) {
            return "multivalue answer routing";
        }
        if (s.cidrRoutingConfig() != null) {
            return "IP-based (CIDR) routing";
        }
        if (s.geoProximityLocation() != null) {
            return "geoproximity routing";
        }
        if (s.trafficPolicyInstanceId() != null) {
            return "a traffic policy";
        }
        return null;
    }

    /** The SDK record from a map of this shape. */
    @SuppressWarnings("unchecked")
    static ResourceRecordSet fromMap(Map<String, Object> m) throws ActionFailedException {
        String name = text(m.get("name"));
        String type = text(m.get("type"));
        if (name == null || type == null) {
            throw new ActionFailedException("a record needs a name and a type, got " + AwsJson.write(m));
        }
        ResourceRecordSet.Builder b = ResourceRecordSet.builder().name(dotted(name))
                .type(type.toUpperCase(Locale.ROOT)).setIdentifier(text(m.get("setIdentifier")))
                .failover(upper(text(m.get("failover")))).healthCheckId(text(m.get("healthCheck")))
                .region(text(m.get("region")));
        Long weight = number(m.get("weight"), "weight");
        if (weight != null && (weight < 0 || weight > 255)) {
            throw new ActionFailedException("weight must be between 0 and 255, got " + weight);
        }
        if (weight != null) {
            b.weight(weight);
        }
        Object alias = m.get("aliasTarget");
        if (alias instanceof Map && !((Map<String, Object>) alias).isEmpty()) {
            Map<String, Object> a = (Map<String, Object>) alias;
            String zone = text(first(a, "hostedZone", "hosted-zone"));
            String dns = text(first(a, "dnsName", "dns-name"));
            if (zone == null || dns == null) {
                throw new ActionFailedException("alias-target needs hosted-zone and dns-name, got "
                        + AwsJson.write(a));
            }
            Object eth = first(a, "evaluateTargetHealth", "evaluate-target-health");
            b.aliasTarget(t -> t.hostedZoneId(zone(zone)).dnsName(dns)
                    .evaluateTargetHealth(eth != null && Boolean.parseBoolean(String.valueOf(eth))));
        } else {
            List<ResourceRecord> records = new ArrayList<>();
            Object values = m.get("values");
            if (values instanceof List) {
                for (Object v : (List<Object>) values) {
                    records.add(ResourceRecord.builder().value(String.valueOf(v)).build());
                }
            } else if (values != null) {
                records.add(ResourceRecord.builder().value(String.valueOf(values)).build());
            }
            if (records.isEmpty()) {
                throw new ActionFailedException("record " + dotted(name) + " " + type + " needs values or an "
                        + "alias-target");
            }
            Long ttl = number(m.get("ttl"), "ttl");
            b.ttl(ttl == null ? 300L : ttl).resourceRecords(records);
        }
        return b.build();
    }

    private static Object first(Map<String, Object> m, String a, String b) {
        return m.get(a) != null ? m.get(a) : m.get(b);
    }

    /** Whether two records are the same to DNS (and to Route 53's routing). */
    static boolean same(ResourceRecordSet a, ResourceRecordSet b) {
        return Objects.equals(canonical(a), canonical(b));
    }

    private static Map<String, Object> canonical(ResourceRecordSet s) {
        Map<String, Object> m = toMap(s);
        m.put("name", dotted(String.valueOf(m.get("name"))).toLowerCase(Locale.ROOT));
        List<String> values = new ArrayList<>();
        ((List<?>) m.get("values")).forEach(v -> values.add(String.valueOf(v)));
        values.sort(null);
        m.put("values", values);
        if (s.aliasTarget() != null) {
            m.put("ttl", null);
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("hostedZone", zone(s.aliasTarget().hostedZoneId()));
            a.put("dnsName", dotted(s.aliasTarget().dnsName()).toLowerCase(Locale.ROOT));
            a.put("evaluateTargetHealth", Boolean.TRUE.equals(s.aliasTarget().evaluateTargetHealth()));
            m.put("aliasTarget", a);
        }
        return m;
    }

    /** The record in one line: {@code api.example.com. A [primary PRIMARY, hc-1] 192.0.2.10 (ttl 60)}. */
    static String describe(Map<String, Object> m) {
        if (m == null || isAbsent(m)) {
            return "(none)";
        }
        StringBuilder s = new StringBuilder();
        List<String> routing = new ArrayList<>();
        for (String k : List.of("setIdentifier", "failover", "weight", "region", "healthCheck")) {
            if (m.get(k) != null) {
                routing.add(k.equals("weight") ? "weight " + m.get(k) : k.equals("healthCheck") ? "health check "
                        + m.get(k) : String.valueOf(m.get(k)));
            }
        }
        if (!routing.isEmpty()) {
            s.append('[').append(String.join(", ", routing)).append("] ");
        }
        Object alias = m.get("aliasTarget");
        if (alias instanceof Map) {
            s.append("alias ").append(((Map<?, ?>) alias).get("dnsName"));
        } else {
            Object values = m.get("values");
            s.append(values instanceof List ? String.join(" ", ((List<?>) values).stream().map(String::valueOf)
                    .toList()) : String.valueOf(values));
            if (m.get("ttl") != null) {
                s.append(" (ttl ").append(m.get("ttl")).append(')');
            }
        }
        return s.toString();
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        String s = String.valueOf(v).trim();
        return s.isEmpty() ? null : s;
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }

    private static Long number(Object v, String what) throws ActionFailedException {
        if (v == null || String.valueOf(v).isBlank()) {
            return null;
        }
        if (v instanceof Number) {
            return ((Number) v).longValue();
        }
        try {
            return Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new ActionFailedException(what + " must be a whole number, got '" + v + "'");
        }
    }
}
