package dev.kfn.testfunctions;

/** A POJO response, written by Lambda's serialiser. */
public class Greeting {

    private String message;
    private String requestId;
    private String functionName;
    private int remainingMillis;
    private int memoryMib;
    private String clientApp;

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getRequestId() {
        return requestId;
    }

    public void setRequestId(String requestId) {
        this.requestId = requestId;
    }

    public String getFunctionName() {
        return functionName;
    }

    public void setFunctionName(String functionName) {
        this.functionName = functionName;
    }

    public int getRemainingMillis() {
        return remainingMillis;
    }

    public void setRemainingMillis(int remainingMillis) {
        this.remainingMillis = remainingMillis;
    }

    public int getMemoryMib() {
        return memoryMib;
    }

    public void setMemoryMib(int memoryMib) {
        this.memoryMib = memoryMib;
    }

    public String getClientApp() {
        return clientApp;
    }

    public void setClientApp(String clientApp) {
        this.clientApp = clientApp;
    }
}
