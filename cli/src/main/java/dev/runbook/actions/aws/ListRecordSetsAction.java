package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * {@code aws.route53.list-record-sets}: the record sets of a hosted zone, or those of one name, with their failover
 * role (PRIMARY or SECONDARY), set identifier and health check.
 */
final class ListRecordSetsAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.route53.list-record-sets",
            "Lists the record sets of a Route 53 hosted zone (or of one name), with failover role and health check.",
            Kind.READ_ONLY,
            List.of(IoSpec.required("hosted-zone", ValueType.STRING, "the hosted zone id"),
                    IoSpec.optional("name", ValueType.STRING, "only records of this name"),
                    IoSpec.optional("type", ValueType.STRING, "only records of this type (with name)")),
            List.of(IoSpec.output("records", ValueType.LIST, "each record: name, type, ttl, values, setIdentifier, "
                    + "failover, healthCheck, aliasTarget"),
                    IoSpec.output("primary", ValueType.MAP, "the PRIMARY failover record, or null"),
                    IoSpec.output("secondary", ValueType.MAP, "the SECONDARY failover record, or null")),
            false);
    private static final int MAX_PAGES = 50;

    ListRecordSetsAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("route53", "ListResourceRecordSets", "HostedZoneId", inputs.string("hosted-zone"),
                "StartRecordName", name(inputs), "StartRecordType", type(inputs)).note("every page"));
    }

    private static String name(Inputs inputs) {
        return inputs.has("name") ? dotted(inputs.string("name")) : null;
    }

    private static String type(Inputs inputs) {
        return inputs.has("name") && inputs.has("type") ? inputs.string("type").toUpperCase(Locale.ROOT) : null;
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String zone = required(inputs, "hosted-zone");
        String name = name(inputs);
        String type = type(inputs);
        List<Object> records = new ArrayList<>();
        Map<String, Object> primary = null;
        Map<String, Object> secondary = null;
        String startName = name;
        String startType = type;
        String startId = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String n = startName;
            String t = startType;
            String id = startId;
            ListResourceRecordSetsResponse r = call(calls(inputs).get(0), "hosted zone '" + zone + "'", () -> aws()
                    .route53().listResourceRecordSets(b -> b.hostedZoneId(zone).startRecordName(n)
                            .startRecordType(t).startRecordIdentifier(id)
                            .overrideConfiguration(AwsClients.within(context))));
            boolean past = false;
            for (ResourceRecordSet s : r.resourceRecordSets()) {
                if (name != null && !dotted(s.name()).equalsIgnoreCase(name)) {
                    past = true;
                    break;
                }
                if (type != null && !type.equals(s.typeAsString())) {
                    continue;
                }
                Map<String, Object> m = record(s);
                records.add(m);
                if ("PRIMARY".equals(m.get("failover"))) {
                    primary = m;
                } else if ("SECONDARY".equals(m.get("failover"))) {
                    secondary = m;
                }
            }
            if (past || !Boolean.TRUE.equals(r.isTruncated())) {
                break;
            }
            startName = r.nextRecordName();
            startType = r.nextRecordTypeAsString();
            startId = r.nextRecordIdentifier();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("records", records);
        out.put("primary", primary);
        out.put("secondary", secondary);
        return Outputs.of(out);
    }

    private static Map<String, Object> record(ResourceRecordSet s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
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
        m.put("aliasTarget", s.aliasTarget() == null ? null : s.aliasTarget().dnsName());
        return m;
    }

    private static String dotted(String name) {
        return name.endsWith(".") ? name : name + ".";
    }
}
