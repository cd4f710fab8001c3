package dev.kfn.runtime.java;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.kfn.contract.FunctionVersion;
import dev.kfn.runtime.invoke.FunctionInstance;

/** The {@link Context} of one invocation: remaining time counts down to its deadline. */
record LambdaContext(
        String requestId,
        FunctionInstance function,
        long deadlineMillis,
        LambdaLogger logger,
        ClientContext clientContext)
        implements Context {

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return function.logGroup();
    }

    @Override
    public String getLogStreamName() {
        return function.logStream();
    }

    @Override
    public String getFunctionName() {
        return function.name();
    }

    @Override
    public String getFunctionVersion() {
        return FunctionVersion.LATEST;
    }

    @Override
    public String getInvokedFunctionArn() {
        return function.arn().toString();
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return clientContext;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return function.memoryMib();
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }
}
