package dev.kfn.gateway.topic;

/** SNS's Query API answers: {@code PublishResponse} and {@code ErrorResponse}, in SNS's namespace. Pure. */
public final class SnsXml {

    public static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";

    private SnsXml() {}

    public static String published(String messageId, String requestId) {
        return "<PublishResponse xmlns=\"" + NAMESPACE + "\"><PublishResult><MessageId>" + escape(messageId)
                + "</MessageId></PublishResult><ResponseMetadata><RequestId>" + escape(requestId)
                + "</RequestId></ResponseMetadata></PublishResponse>";
    }

    public static String error(TopicException error, String requestId) {
        return "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>" + error.type() + "</Type><Code>"
                + escape(error.code()) + "</Code><Message>" + escape(error.getMessage())
                + "</Message></Error><RequestId>"
                + escape(requestId) + "</RequestId></ErrorResponse>";
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
