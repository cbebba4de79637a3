/**
 * The executor: runs one runbook, deciding everything a step's life depends on, and writes the audit log ahead of
 * what it shows. Engine code: no picocli, jline or AWS SDK here; the outside world is reached only through a
 * {@link dev.runbook.exec.Confirmer} (questions), an {@link dev.runbook.exec.ExecutionListener} (display) and a
 * {@link dev.runbook.exec.RunJournal} (the audit log).
 *
 * <h2>Reading order</h2>
 * <ul>
 *   <li>{@link dev.runbook.exec.Executor}: the single public entry, configured by its builder; every run goes
 *       through it. {@link dev.runbook.exec.Execution} is a started run's handle (await, Ctrl-C, abort).</li>
 *   <li>{@code RunLoop}: one run, and its {@link dev.runbook.exec.Execution} handle: starts its threads,
 *       records the start, carries over a resumed run's steps, records each step's end, and turns how the steps
 *       ended into the run's status.</li>
 *   <li>{@code StepLedger}: what the run knows about its steps (results, the outputs later steps see, the order
 *       a rollback reverses, the kind each was applied as, the operator's choice for a failed step).</li>
 *   <li>{@code Scheduler}: on the run's own thread, which step may start next (needs, the step above, file order,
 *       {@code parallelism} slots, inline in a dry-run), which steps are skipped because a step they need failed,
 *       and what a step's end means for the run: go on, stop, or roll back.</li>
 *   <li>{@code StepRunner}: one step's life on a step worker: {@code if}, confirmation, in-doubt, retries,
 *       timeout, {@code check}, outputs; the action itself runs on an action thread so a timeout can abandon it.</li>
 *   <li>{@code Planner}: dry-run and preflight, which steps are only shown as planned and why.</li>
 *   <li>{@code InDoubtResolver}: on resume, a mutating step that started without a recorded end.</li>
 *   <li>{@code StepPrompts}: confirmations, typed confirmations, instructions and a failed step's choices, one
 *       at a time under the prompt lock.</li>
 *   <li>{@code Rollback}: undo of the completed steps, newest first, and what could not be undone.</li>
 *   <li>{@code Renderer}, {@code StepReads}, {@code StepsScope}, {@code StepContext}: expressions and inputs,
 *       what a step reads, the {@code steps} scope, and what an action may use while it runs.</li>
 *   <li>{@code ActorCheck}: who the run acts as, recorded before any step starts.</li>
 *   <li>{@code EventChannel}: the one way events leave a run: redacted by the {@link dev.runbook.exec.Redactor},
 *       appended to the journal (forced at the write-ahead points of {@link dev.runbook.exec.RunJournal}), and
 *       only then shown.</li>
 *   <li>{@link dev.runbook.exec.PromptForecast}: without a terminal, every prompt a run can reach that the given
 *       answers cannot answer, found before the first step.</li>
 *   <li>Values: {@link dev.runbook.exec.RunEvent} (what is recorded and shown), {@link dev.runbook.exec.RunState}
 *       (a resumed run's start), {@link dev.runbook.exec.StepResult}, {@link dev.runbook.exec.RunResult} and
 *       their statuses.</li>
 * </ul>
 */
package dev.runbook.exec;
