package dev.runbook.actions.aws;

import dev.runbook.action.Action;
import dev.runbook.action.ActionProvider;
import dev.runbook.action.ActorProbe;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@code aws.*} actions, one of the command line's providers ({@code dev.runbook.cli.Actions}). Constructing it loads no AWS SDK class: the
 * clients are built from {@link AwsSettings#current()} the first time an action or the caller-identity probe runs,
 * and shared by every action of the run.
 */
public final class AwsActions implements ActionProvider {
    private final Supplier<AwsClients> clients;

    public AwsActions() {
        this(AwsSettings.current());
    }

    public AwsActions(AwsSettings settings) {
        this(new Lazy(settings));
    }

    /** For tests: actions over given clients. */
    AwsActions(Supplier<AwsClients> clients) {
        this.clients = clients;
    }

    @Override
    public List<Action> actions() {
        return List.of(
                new GetCallerIdentityAction(clients),
                new DescribeTableAction(clients),
                new DescribeContinuousBackupsAction(clients),
                new RestoreTableToPointInTimeAction(clients),
                new WaitTableAction(clients),
                new CountItemsAction(clients),
                new GetItemAction(clients),
                new CompareItemsAction(clients),
                new DeleteTableAction(clients),
                new AcquireLockAction(clients),
                new ReleaseLockAction(clients),
                new GetConfigurationAction(clients),
                new SetConfigurationAction(clients),
                new StartDeploymentAction(clients),
                new WaitDeploymentAction(clients),
                new StopDeploymentAction(clients),
                new GetParameterAction(clients),
                new PutParameterAction(clients),
                new StartAutomationAction(clients),
                new WaitAutomationAction(clients),
                new GetAliasAction(clients),
                new ListVersionsAction(clients),
                new GetVersionAction(clients),
                new PreviousVersionAction(clients),
                new UpdateAliasAction(clients),
                new GetHealthCheckStatusAction(clients),
                new TestDnsAnswerAction(clients),
                new ListRecordSetsAction(clients),
                new DescribeAlarmsAction(clients),
                new WaitAlarmAction(clients),
                new GetMetricStatisticsAction(clients),
                // ECS and API Gateway (issue 16: aws-ecs)
                new EcsDescribeServiceAction(clients),
                new EcsScaleServiceAction(clients),
                new EcsForceNewDeploymentAction(clients),
                new EcsPreviousTaskDefinitionAction(clients),
                new EcsUpdateServiceTaskDefinitionAction(clients),
                new EcsWaitStableAction(clients),
                new ApiGatewayGetStageAction(clients),
                new ApiGatewayPreviousDeploymentAction(clients),
                new ApiGatewayUpdateStageDeploymentAction(clients),
                // aws-infra (issue 16): RDS/Aurora, Route 53 changes, S3 replication
                new DescribeDbAction(clients),
                new RestoreDbToPointInTimeAction(clients),
                new FailoverDbClusterAction(clients),
                new FailoverGlobalClusterAction(clients),
                new WaitDbAvailableAction(clients),
                new ChangeRecordSetAction(clients),
                new WaitChangeAction(clients),
                new GetReplicationStatusAction(clients),
                // aws-call: the generic call of any operation of a bundled service
                new AwsCallAction(clients),
                // aws-data: Secrets Manager, DynamoDB backups, replicas and table settings (issue 16)
                new DescribeSecretReplicationAction(clients),
                new RotateSecretAction(clients),
                new ListSecretsAction(clients),
                new CreateBackupAction(clients),
                new ListBackupsAction(clients),
                new RestoreTableFromBackupAction(clients),
                new DescribeReplicasAction(clients),
                new CompareTableSettingsAction(clients),
                new CopyTableSettingsAction(clients));
    }

    @Override
    public List<ActorProbe> actorProbes() {
        return List.of(new CallerIdentityProbe(clients,
                clients instanceof Lazy ? ((Lazy) clients).settings : AwsSettings.current()));
    }

    @Override
    public List<dev.runbook.action.ResourceProbe> resourceProbes() {
        return List.of(new DrillResources(clients));
    }

    /** Builds the clients once, on first use. */
    private static final class Lazy implements Supplier<AwsClients> {
        private final AwsSettings settings;
        private volatile AwsClients clients;

        Lazy(AwsSettings settings) {
            this.settings = settings;
        }

        @Override
        public AwsClients get() {
            AwsClients c = clients;
            if (c == null) {
                synchronized (this) {
                    c = clients;
                    if (c == null) {
                        c = new AwsClients(settings);
                        clients = c;
                    }
                }
            }
            return c;
        }
    }
}
