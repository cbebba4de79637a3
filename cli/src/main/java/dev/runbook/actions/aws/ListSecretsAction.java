package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * {@code aws.secretsmanager.list-secrets}: the secrets whose name starts with a prefix and/or that carry given tags,
 * in one region or in each of a list, every page. AWS filters tag keys and values separately; the action keeps
 * only the secrets that carry each given key with its value.
 */
final class ListSecretsAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.secretsmanager.list-secrets",
            "Lists the Secrets Manager secrets whose name starts with a prefix and/or carrying tags, in one region "
                    + "or each of several, every page.",
            Kind.READ_ONLY,
            List.of(IoSpec.optional("prefix", ValueType.STRING, "the name prefix, e.g. prod/orders/"),
                    IoSpec.optional("tags", ValueType.MAP, "tags each secret must carry, e.g. { team: orders }"),
                    IoSpec.optional("region", ValueType.STRING, "the region to list in (default: the run's)"),
                    IoSpec.optional("regions", ValueType.ANY,
                            "several regions to list in, one after the other: a list, or one text separated by "
                                    + "commas ('us-east-1,us-west-2')"),
                    IoSpec.optional("primaries-only", ValueType.BOOLEAN,
                            "leave out replicas of a secret whose primary is in another region (default false)")),
            List.of(IoSpec.output("secrets", ValueType.LIST, "one map per secret: name, arn, region, primaryRegion, "
                            + "rotationEnabled, lastChangedDate, lastRotatedDate, tags"),
                    IoSpec.output("arns", ValueType.LIST, "their ARNs (each names its region)"),
                    IoSpec.output("names", ValueType.LIST, "their names"),
                    IoSpec.output("count", ValueType.INTEGER, "how many were found"),
                    IoSpec.output("regions", ValueType.LIST, "the regions listed")),
            false);
    private static final int PAGE = 100;

    ListSecretsAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        List<ApiCall> calls = new ArrayList<>();
        for (Object region : shownRegions(inputs)) {
            calls.add(ApiCall.of("secretsmanager", "ListSecrets", "MaxResults", PAGE, "Filters", filters(inputs))
                    .note("every page" + (region == null ? "" : ", in " + region)));
        }
        return calls;
    }

    /** The regions of the input: a list, each element possibly a comma-separated text. */
    private static List<Object> regionList(Inputs inputs) {
        List<Object> regions = new ArrayList<>();
        for (Object r : inputs.list("regions")) {
            if (r instanceof String) {
                for (String part : ((String) r).split("[,\\s]+")) {
                    if (!part.isEmpty()) {
                        regions.add(part);
                    }
                }
            } else {
                regions.add(r);
            }
        }
        return regions;
    }

    private static List<Object> shownRegions(Inputs inputs) {
        List<Object> regions = regionList(inputs);
        if (regions.isEmpty()) {
            regions.add(inputs.get("region"));
        }
        return regions;
    }

    /** The filters as sent: {@code [{"Key": "name", "Values": [prefix]}, {"Key": "tag-key", ...}]}. */
    private static List<Object> filters(Inputs inputs) {
        List<Object> filters = new ArrayList<>();
        if (inputs.has("prefix") && !"".equals(inputs.get("prefix"))) {
            filters.add(filter("name", List.of(inputs.get("prefix"))));
        }
        if (inputs.get("tags") instanceof Map) {
            Map<String, Object> tags = new TreeMap<>();
            inputs.map("tags").forEach((k, v) -> tags.put(k, v == null ? "" : String.valueOf(v)));
            if (!tags.isEmpty()) {
                filters.add(filter("tag-key", new ArrayList<>(tags.keySet())));
                filters.add(filter("tag-value", new ArrayList<>(tags.values())));
            }
        } else if (inputs.get("tags") instanceof dev.runbook.expr.Unknown) {
            filters.add(filter("tag-key", List.of(inputs.get("tags"))));
        }
        return filters;
    }

    private static Map<String, Object> filter(String key, List<?> values) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Key", key);
        f.put("Values", values);
        return f;
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String prefix = inputs.string("prefix");
        Map<String, String> tags = new TreeMap<>();
        inputs.map("tags").forEach((k, v) -> tags.put(k, v == null ? "" : String.valueOf(v)));
        if ((prefix == null || prefix.isEmpty()) && tags.isEmpty()) {
            throw new ActionFailedException("give prefix or tags: listing every secret is not what a runbook wants");
        }
        List<Filter> filters = new ArrayList<>();
        if (prefix != null && !prefix.isEmpty()) {
            filters.add(Filter.builder().key("name").values(prefix).build());
        }
        if (!tags.isEmpty()) {
            filters.add(Filter.builder().key("tag-key").values(tags.keySet()).build());
            filters.add(Filter.builder().key("tag-value").values(tags.values()).build());
        }
        List<String> regions = new ArrayList<>();
        for (Object r : regionList(inputs)) {
            String region = r == null ? "" : String.valueOf(r).trim();
            if (region.isEmpty()) {
                throw new ActionFailedException("a region of regions is empty");
            }
            if (!regions.contains(region)) {
                regions.add(region);
            }
        }
        if (regions.isEmpty()) {
            String r = inputs.string("region");
            regions.add(r == null || r.isBlank() ? aws().region() : r.trim());
        }
        boolean primariesOnly = inputs.bool("primaries-only", false);
        List<Object> secrets = new ArrayList<>();
        List<Object> arns = new ArrayList<>();
        List<Object> names = new ArrayList<>();
        ApiCall list = ApiCall.of("secretsmanager", "ListSecrets");
        for (String region : regions) {
            String token = null;
            int pages = 0;
            do {
                String next = token;
                ListSecretsResponse page = call(list, "secrets in " + region, () -> aws().secretsManager(region)
                        .listSecrets(b -> b.maxResults(PAGE).filters(filters).nextToken(next)
                                .overrideConfiguration(AwsClients.within(context))));
                pages++;
                for (SecretListEntry e : page.secretList()) {
                    if (!carries(e, tags) || (prefix != null && !e.name().startsWith(prefix))) {
                        continue;
                    }
                    boolean replica = e.primaryRegion() != null && !e.primaryRegion().equals(region);
                    if (primariesOnly && replica) {
                        continue;
                    }
                    secrets.add(entry(e, region));
                    arns.add(e.arn());
                    names.add(e.name());
                }
                token = page.nextToken();
                context.progress("secrets in " + region + ": " + pages + " page(s), " + secrets.size() + " found");
            } while (token != null && !token.isEmpty());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("secrets", secrets);
        out.put("arns", arns);
        out.put("names", names);
        out.put("count", secrets.size());
        out.put("regions", new ArrayList<Object>(regions));
        return Outputs.of(out);
    }

    private static boolean carries(SecretListEntry e, Map<String, String> tags) {
        Map<String, String> has = new TreeMap<>();
        if (e.hasTags()) {
            for (Tag t : e.tags()) {
                has.put(t.key(), t.value());
            }
        }
        return tags.entrySet().stream().allMatch(t -> t.getValue().equals(has.get(t.getKey())));
    }

    private static Map<String, Object> entry(SecretListEntry e, String region) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("name", e.name());
        one.put("arn", e.arn());
        one.put("region", region);
        one.put("primaryRegion", e.primaryRegion() == null ? region : e.primaryRegion());
        one.put("rotationEnabled", Boolean.TRUE.equals(e.rotationEnabled()));
        one.put("lastChangedDate", Secrets.text(e.lastChangedDate()));
        one.put("lastRotatedDate", Secrets.text(e.lastRotatedDate()));
        Map<String, Object> tags = new TreeMap<>();
        if (e.hasTags()) {
            e.tags().forEach(t -> tags.put(t.key(), t.value()));
        }
        one.put("tags", tags);
        return one;
    }

    @Override
    public Map<String, String> inputProblems(Inputs literal, Set<String> computed) {
        boolean prefix = (literal.has("prefix") && !literal.string("prefix").isEmpty()) || computed.contains("prefix");
        boolean tags = !literal.map("tags").isEmpty() || computed.contains("tags");
        return prefix || tags ? Map.of() : Map.of("prefix", "give prefix or tags: the secrets to list");
    }
}
