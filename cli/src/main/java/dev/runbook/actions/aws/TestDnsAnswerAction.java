package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.route53.model.TestDnsAnswerResponse;

/** {@code aws.route53.test-dns-answer}: what Route 53 answers for a record now (e.g. after a failover). */
final class TestDnsAnswerAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.route53.test-dns-answer",
            "Asks Route 53 what it answers for a record of a hosted zone now (after a failover, say).",
            Kind.READ_ONLY,
            List.of(IoSpec.required("hosted-zone", ValueType.STRING, "the hosted zone id"),
                    IoSpec.required("name", ValueType.STRING, "the record name, e.g. api.example.com"),
                    IoSpec.optional("type", ValueType.STRING, "the record type (default A)")),
            List.of(IoSpec.output("answers", ValueType.LIST, "the record data answered"),
                    IoSpec.output("responseCode", ValueType.STRING, "the DNS response code, e.g. NOERROR"),
                    IoSpec.output("protocol", ValueType.STRING, "UDP or TCP")),
            false);

    TestDnsAnswerAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("route53", "TestDNSAnswer", "HostedZoneId", inputs.string("hosted-zone"),
                "RecordName", inputs.string("name"), "RecordType", type(inputs)));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String zone = required(inputs, "hosted-zone");
        String name = required(inputs, "name");
        TestDnsAnswerResponse r = call(calls(inputs).get(0), "hosted zone '" + zone + "'", () -> aws().route53()
                .testDNSAnswer(b -> b.hostedZoneId(zone).recordName(name).recordType(type(inputs))
                        .overrideConfiguration(AwsClients.within(context))));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("answers", List.copyOf(r.recordData()));
        out.put("responseCode", r.responseCode());
        out.put("protocol", r.protocol());
        return Outputs.of(out);
    }

    private static String type(Inputs inputs) {
        return inputs.string("type", "A").trim().toUpperCase(Locale.ROOT);
    }
}
