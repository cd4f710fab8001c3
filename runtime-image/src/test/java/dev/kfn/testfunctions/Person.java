package dev.kfn.testfunctions;

/** A POJO event, read by Lambda's serialiser. */
public class Person {

    private String name;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
