package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The broker queues of one function, as reported in its status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FunctionQueues {

    private String sync;
    private String async;
    private String deadLetter;

    public FunctionQueues() {}

    public FunctionQueues(String sync, String async, String deadLetter) {
        this.sync = sync;
        this.async = async;
        this.deadLetter = deadLetter;
    }

    public String getSync() {
        return sync;
    }

    public void setSync(String sync) {
        this.sync = sync;
    }

    public String getAsync() {
        return async;
    }

    public void setAsync(String async) {
        this.async = async;
    }

    public String getDeadLetter() {
        return deadLetter;
    }

    public void setDeadLetter(String deadLetter) {
        this.deadLetter = deadLetter;
    }
}
