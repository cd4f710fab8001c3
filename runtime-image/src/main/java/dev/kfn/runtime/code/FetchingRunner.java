package dev.kfn.runtime.code;

import dev.kfn.runtime.invoke.ErrorBody;
import dev.kfn.runtime.invoke.FunctionRunner;
import dev.kfn.runtime.invoke.Invocation;
import dev.kfn.runtime.invoke.Outcome;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A {@code code.url} function: its archive is fetched into the task root as the first part of init. A fetch that
 * fails is the init error, so it answers the next invocation (as Lambda answers with an init error), and that
 * invocation fetches again; the instance stays not ready meanwhile.
 */
public final class FetchingRunner implements FunctionRunner {

    private static final Logger LOG = Logger.getLogger(FetchingRunner.class);

    private final CodeFetcher fetcher;
    private final String url;
    private final Optional<String> sha256;
    private final boolean allowHttp;
    private final Path taskRoot;
    private final FunctionRunner runner;
    private volatile boolean fetched;

    /** {@code url}, {@code sha256}, {@code allowHttp}: {@code code.url}, {@code code.sha256} and the operator's choice. */
    public FetchingRunner(
            CodeFetcher fetcher,
            String url,
            Optional<String> sha256,
            boolean allowHttp,
            Path taskRoot,
            FunctionRunner runner) {
        this.fetcher = fetcher;
        this.url = url;
        this.sha256 = sha256;
        this.allowHttp = allowHttp;
        this.taskRoot = taskRoot;
        this.runner = runner;
    }

    /** Slots that meet a missing archive at once wait for one fetch rather than each starting their own. */
    private synchronized Optional<ErrorBody> fetch() {
        if (fetched) {
            return Optional.empty();
        }
        try {
            fetcher.fetch(CodeSource.of(url, sha256, allowHttp), taskRoot);
            fetched = true;
            LOG.infof("Unpacked %s into %s", url, taskRoot);
            return Optional.empty();
        } catch (CodeUnavailable e) {
            LOG.errorf("Code not available (%s): %s", e.errorType(), e.getMessage());
            return Optional.of(e.error());
        }
    }

    @Override
    public Optional<ErrorBody> init() {
        Optional<ErrorBody> error = fetch();
        return error.isPresent() ? error : runner.init();
    }

    @Override
    public boolean initialised() {
        return fetched && runner.initialised();
    }

    @Override
    public Outcome invoke(Invocation invocation, int slot, long deadlineMillis) {
        Optional<ErrorBody> error = fetch();
        return error.isPresent() ? Outcome.error(error.get()) : runner.invoke(invocation, slot, deadlineMillis);
    }

    @Override
    public void close() {
        runner.close();
    }
}
