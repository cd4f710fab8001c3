package dev.kfn.api.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.api.TopicTrigger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of SNS's filter policies, with the examples of AWS's "Amazon SNS example filter policies" page. */
class FilterPolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIELD = "spec.triggers[1].topic.filterPolicy";

    /** The attributes of AWS's example message. */
    private static final Map<String, MessageAttribute> EXAMPLE = Map.of(
            "customer_interests", new MessageAttribute("String.Array", "[\"soccer\", \"rugby\", \"hockey\"]"),
            "store", new MessageAttribute("String", "example_corp"),
            "event", new MessageAttribute("String", "order_placed"),
            "price_usd", new MessageAttribute("Number", "210.75"));

    /** The same message with its properties in the body. */
    private static final String EXAMPLE_BODY = "{\"customer_interests\": [\"soccer\", \"rugby\", \"hockey\"],"
            + " \"store\": \"example_corp\", \"event\":\"order_placed\", \"price_usd\":210.75}";

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static FilterPolicy attributes(String policy) {
        return FilterPolicy.parse(json(policy), FilterPolicy.Scope.MESSAGE_ATTRIBUTES, FIELD);
    }

    private static FilterPolicy body(String policy) {
        return FilterPolicy.parse(json(policy), FilterPolicy.Scope.MESSAGE_BODY, FIELD);
    }

    private static boolean onExample(String policy) {
        return attributes(policy).matches(EXAMPLE, "message-body-with-transaction-details");
    }

    private static boolean onExampleBody(String policy) {
        return body(policy).matches(Map.of(), EXAMPLE_BODY);
    }

    @Test
    void awsExamplePolicyMatchesBothScopes() {
        String policy = "{'store': ['example_corp'], 'event': [{'anything-but': 'order_cancelled'}],"
                + " 'customer_interests': ['rugby', 'football', 'baseball'], 'price_usd': [{'numeric': ['>=', 100]}]}";
        assertThat(onExample(policy)).isTrue();
        assertThat(onExampleBody(policy)).isTrue();
        assertThat(onExample("{'store': ['other_corp']}")).isFalse();
    }

    @Test
    void noPolicyOrAnEmptyOneTakesEverything() {
        assertThat(FilterPolicy.parse(null, FilterPolicy.Scope.MESSAGE_ATTRIBUTES, FIELD)
                        .matches(Map.of(), "x"))
                .isTrue();
        assertThat(attributes("{}").matches(Map.of(), "x")).isTrue();
    }

    @Test
    void propertiesAreAndedValuesOred() {
        assertThat(onExample("{'store': ['example_corp'], 'event': ['order_placed']}"))
                .isTrue();
        assertThat(onExample("{'store': ['example_corp'], 'event': ['order_cancelled']}"))
                .isFalse();
        assertThat(onExample("{'event': ['order_cancelled', 'order_placed']}")).isTrue();
        // a policy property the message lacks fails the match
        assertThat(onExample("{'store': ['example_corp'], 'colour': ['red']}")).isFalse();
    }

    @Test
    void exactStringsAreCaseSensitiveAndMeetStringArrayElements() {
        assertThat(onExample("{'store': ['Example_Corp']}")).isFalse();
        assertThat(onExample("{'customer_interests': ['hockey']}")).isTrue();
        assertThat(onExample("{'customer_interests': ['tennis']}")).isFalse();
    }

    @Test
    void numbersMatchNumberAttributesNotStrings() {
        assertThat(onExample("{'price_usd': [210.75]}")).isTrue();
        assertThat(onExample("{'price_usd': [210.750]}")).isTrue();
        assertThat(onExample("{'price_usd': ['210.75']}")).isFalse();
        assertThat(attributes("{'price': [5]}").matches(Map.of("price", new MessageAttribute("String", "5")), ""))
                .isFalse();
        // a custom type label keeps the base type
        assertThat(attributes("{'price': [{'numeric': ['<', 6]}]}")
                        .matches(Map.of("price", new MessageAttribute("Number.float", "5.5")), ""))
                .isTrue();
    }

    @Test
    void numericRanges() {
        assertThat(onExample("{'price_usd': [{'numeric': ['>', 0, '<=', 210.75]}]}"))
                .isTrue();
        assertThat(onExample("{'price_usd': [{'numeric': ['>', 0, '<', 210.75]}]}"))
                .isFalse();
        assertThat(onExample("{'price_usd': [{'numeric': ['=', 210.75]}]}")).isTrue();
        assertThat(onExample("{'price_usd': [{'numeric': ['>=', 210.75]}]}")).isTrue();
        assertThat(onExample("{'price_usd': [{'numeric': ['>', 210.75]}]}")).isFalse();
        assertThat(onExample("{'price_usd': [{'numeric': ['<', 300]}]}")).isTrue();
        assertThat(onExampleBody("{'price_usd': [{'numeric': ['>', 100, '<', 300]}]}"))
                .isTrue();
        // numeric never meets a string
        assertThat(onExample("{'store': [{'numeric': ['>', 0]}]}")).isFalse();
    }

    @Test
    void prefixSuffixAndEqualsIgnoreCase() {
        assertThat(onExample("{'event': [{'prefix': 'order_'}]}")).isTrue();
        assertThat(onExample("{'event': [{'prefix': 'pay'}]}")).isFalse();
        assertThat(onExample("{'event': [{'suffix': '_placed'}]}")).isTrue();
        assertThat(onExample("{'event': [{'suffix': '_cancelled'}]}")).isFalse();
        assertThat(onExample("{'store': [{'equals-ignore-case': 'EXAMPLE_CORP'}]}"))
                .isTrue();
        assertThat(onExample("{'customer_interests': [{'prefix': 'hoc'}]}")).isTrue();
    }

    @Test
    void anythingBut() {
        assertThat(onExample("{'store': [{'anything-but': ['example_corp', 'other']}]}"))
                .isFalse();
        assertThat(onExample("{'store': [{'anything-but': 'other'}]}")).isTrue();
        assertThat(onExample("{'price_usd': [{'anything-but': [100, 500]}]}")).isTrue();
        assertThat(onExample("{'price_usd': [{'anything-but': 210.75}]}")).isFalse();
        assertThat(onExample("{'event': [{'anything-but': {'prefix': 'order'}}]}"))
                .isFalse();
        assertThat(onExample("{'event': [{'anything-but': {'prefix': 'pay'}}]}"))
                .isTrue();
        assertThat(onExample("{'event': [{'anything-but': {'suffix': 'placed'}}]}"))
                .isFalse();
        // a String.Array matches when any element is none of the values
        assertThat(onExample("{'customer_interests': [{'anything-but': ['soccer', 'rugby']}]}"))
                .isTrue();
        assertThat(onExample("{'customer_interests': [{'anything-but': ['soccer', 'rugby', 'hockey']}]}"))
                .isFalse();
        // an absent property is not "anything but"
        assertThat(onExample("{'colour': [{'anything-but': 'red'}]}")).isFalse();
    }

    @Test
    void exists() {
        assertThat(onExample("{'store': [{'exists': true}]}")).isTrue();
        assertThat(onExample("{'store': [{'exists': false}]}")).isFalse();
        assertThat(onExample("{'colour': [{'exists': false}]}")).isTrue();
        assertThat(onExample("{'colour': [{'exists': true}]}")).isFalse();
        assertThat(onExampleBody("{'colour': [{'exists': false}], 'store': [{'exists': true}]}"))
                .isTrue();
    }

    @Test
    void binaryAttributesAreNeverCompared() {
        Map<String, MessageAttribute> binary = Map.of("blob", new MessageAttribute("Binary", "AQID"));
        assertThat(attributes("{'blob': ['AQID']}").matches(binary, "")).isFalse();
        assertThat(attributes("{'blob': [{'exists': true}]}").matches(binary, ""))
                .isFalse();
    }

    @Test
    void orCombinesPolicies() {
        String policy = "{'store': ['example_corp'], '$or': [{'event': ['order_cancelled']},"
                + " {'price_usd': [{'numeric': ['>', 200]}]}]}";
        assertThat(onExample(policy)).isTrue();
        assertThat(onExampleBody(policy)).isTrue();
        assertThat(onExample("{'$or': [{'event': ['order_cancelled']}, {'store': ['x']}]}"))
                .isFalse();
        // nested $or
        assertThat(onExample("{'$or': [{'store': ['x']}, {'$or': [{'event': ['y']}, {'event': ['order_placed']}]}]}"))
                .isTrue();
    }

    @Test
    void bodyPoliciesWalkNestedKeysAndArrays() {
        String order = "{'order': {'lines': [{'sku': 'A-1', 'qty': 2}, {'sku': 'B-7', 'qty': 10}], 'paid': true,"
                + " 'coupon': null}}";
        FilterPolicy policy = body("{'order': {'lines': {'sku': [{'prefix': 'B-'}], 'qty': [{'numeric': ['>=', 10]}]},"
                + " 'paid': [true], 'coupon': [null]}}");
        assertThat(policy.matches(Map.of(), order.replace('\'', '"'))).isTrue();
        assertThat(body("{'order': {'paid': [false]}}").matches(Map.of(), order.replace('\'', '"')))
                .isFalse();
        assertThat(body("{'order': {'missing': [{'exists': false}]}}").matches(Map.of(), order.replace('\'', '"')))
                .isTrue();
        // a property that is an object meets no value but exists
        assertThat(body("{'order': [{'exists': true}]}").matches(Map.of(), order.replace('\'', '"')))
                .isTrue();
        assertThat(body("{'order': ['x']}").matches(Map.of(), order.replace('\'', '"')))
                .isFalse();
    }

    @Test
    void aBodyThatIsNoJsonObjectMatchesNoBodyPolicy() {
        assertThat(body("{'a': [{'exists': false}]}").matches(Map.of(), "plain text"))
                .isFalse();
        assertThat(body("{'a': [{'exists': false}]}").matches(Map.of(), "[1,2]"))
                .isFalse();
    }

    @Test
    void attributePoliciesCannotNest() {
        assertThatThrownBy(() -> attributes("{'order': {'paid': [true]}}"))
                .hasMessage(FIELD + ".order: a policy on message attributes cannot nest objects; nested keys need"
                        + " filterPolicyScope MessageBody");
    }

    @Test
    void badPoliciesNameTheirPlace() {
        assertThatThrownBy(() -> attributes("{'price': 5}"))
                .hasMessage(FIELD + ".price: a property's values are an array, as [\"5\"], got number");
        assertThatThrownBy(() -> attributes("{'price': []}"))
                .hasMessage(FIELD + ".price: an empty array matches nothing; give it a value");
        assertThatThrownBy(() -> attributes("{'price': [{'between': [1, 2]}]}"))
                .hasMessage(FIELD + ".price[0].between: unknown operator between; SNS knows prefix, suffix,"
                        + " anything-but, numeric, exists, equals-ignore-case");
        assertThatThrownBy(() -> attributes("{'price': [{'prefix': 'a', 'suffix': 'b'}]}"))
                .hasMessageStartingWith(FIELD + ".price[0]: an operator object has exactly one operator");
        assertThatThrownBy(() -> attributes("{'price': [{'prefix': 5}]}"))
                .hasMessage(FIELD + ".price[0].prefix: needs a non-empty string");
        assertThatThrownBy(() -> attributes("{'price': [{'exists': 'yes'}]}"))
                .hasMessage(FIELD + ".price[0].exists: exists is true or false");
        assertThatThrownBy(() -> attributes("{'price': [{'anything-but': [true]}]}"))
                .hasMessage(FIELD + ".price[0].anything-but[0]: anything-but values are strings or numbers");
        assertThatThrownBy(() -> attributes("{'price': [{'anything-but': {'exists': true}}]}"))
                .hasMessageStartingWith(FIELD + ".price[0].anything-but: anything-but takes");
        assertThatThrownBy(() -> attributes("{'$or': [{'a': ['x']}]}"))
                .hasMessage(FIELD + ".$or: $or is an array of at least two policies");
        assertThatThrownBy(() -> attributes("{'$or': [{'a': ['x']}, {'b': 5}]}"))
                .hasMessageStartingWith(FIELD + ".$or[1].b: a property's values are an array");
        assertThatThrownBy(() -> FilterPolicy.parse(json("['a']"), FilterPolicy.Scope.MESSAGE_ATTRIBUTES, FIELD))
                .hasMessage(FIELD + ": a filter policy is a JSON object of properties, got array");
    }

    @Test
    void numericSyntax() {
        assertThatThrownBy(() -> attributes("{'p': [{'numeric': ['>', 10, '<', 5]}]}"))
                .hasMessage(FIELD + ".p[0].numeric: the lower bound 10 is not below the upper bound 5");
        assertThatThrownBy(() -> attributes("{'p': [{'numeric': ['<', 10, '>', 5]}]}"))
                .hasMessage(FIELD + ".p[0].numeric[2]: a range gives its lower bound (> or >=) first");
        assertThatThrownBy(() -> attributes("{'p': [{'numeric': ['=', 1, '<', 5]}]}"))
                .hasMessage(FIELD + ".p[0].numeric: = stands alone, as [\"=\", 1]");
        assertThatThrownBy(() -> attributes("{'p': [{'numeric': ['>', 'ten']}]}"))
                .hasMessage(FIELD + ".p[0].numeric[1]: a number, got \"ten\"");
        assertThatThrownBy(() -> attributes("{'p': [{'numeric': ['~', 1]}]}"))
                .hasMessage(FIELD + ".p[0].numeric[0]: unknown numeric operator ~; =, <, <=, > or >=");
        assertThatThrownBy(() -> attributes("{'p': [{'numeric': ['>']}]}"))
                .hasMessageStartingWith(FIELD + ".p[0].numeric: numeric is");
        assertThatThrownBy(() -> attributes("{'p': [{'numeric': ['<', 1, '<', 5]}]}"))
                .hasMessage(FIELD + ".p[0].numeric[2]: a range has one upper bound");
    }

    @Test
    void numbersWithinSnsRangeAndPrecision() {
        assertThatThrownBy(() -> attributes("{'p': [1000000001]}"))
                .hasMessage(FIELD + ".p[0]: 1000000001 is outside SNS's numeric range, -1e9 to 1e9");
        assertThatThrownBy(() -> attributes("{'p': [{'numeric': ['>', 0.000001]}]}"))
                .hasMessage(FIELD + ".p[0].numeric[1]: 1.0E-6 has more than five digits after the point");
        assertThat(attributes("{'p': [-1000000000, 0.00001]}")).isNotNull();
    }

    @Test
    void atMostFiveKeys() {
        assertThat(attributes("{'a': ['1'], 'b': ['1'], 'c': ['1'], 'd': ['1'], 'e': ['1']}"))
                .isNotNull();
        assertThatThrownBy(() -> attributes("{'a': ['1'], 'b': ['1'], 'c': ['1'], 'd': ['1'], 'e': ['1'], 'f': ['1']}"))
                .hasMessage(FIELD + ": a filter policy has at most 5 keys, this one 6 (a, b, c, d, e, f)");
        // nested: the leaf keys count
        assertThatThrownBy(() -> body(
                        "{'x': {'a': ['1'], 'b': ['1'], 'c': ['1']}, 'y': {'d': ['1'], 'e': ['1']," + " 'f': ['1']}}"))
                .hasMessage(FIELD + ": a filter policy has at most 5 keys, this one 6 (x.a, x.b, x.c, y.d, y.e, y.f)");
    }

    @Test
    void atMost150Combinations() {
        String ten = "['1','2','3','4','5','6','7','8','9','10']";
        assertThat(attributes("{'a': " + ten + ", 'b': " + ten + "}")).isNotNull();
        assertThatThrownBy(() -> attributes("{'a': " + ten + ", 'b': " + ten + ", 'c': ['1', '2']}"))
                .hasMessage(FIELD + ": a filter policy has at most 150 combinations of values (the product of its"
                        + " arrays' sizes), this one 200");
    }

    @Test
    void aTopicTriggerIsReadWithItsScope() {
        TopicTrigger trigger = new TopicTrigger();
        trigger.setName("orders");
        trigger.setFilterPolicy(json("{'order': {'paid': [true]}}"));
        assertThatThrownBy(() -> TopicSubscription.read(1, trigger))
                .hasMessageStartingWith(FIELD + ".order: a policy on message attributes cannot nest objects");
        trigger.setFilterPolicyScope("MessageBody");
        TopicSubscription subscription = TopicSubscription.read(1, trigger);
        assertThat(subscription.topic()).isEqualTo("orders");
        assertThat(subscription.filterPolicy().matches(Map.of(), "{\"order\":{\"paid\":true}}"))
                .isTrue();
        trigger.setFilterPolicyScope("Body");
        assertThatThrownBy(() -> TopicSubscription.read(1, trigger))
                .hasMessage("spec.triggers[1].topic.filterPolicyScope: 'Body' is not MessageAttributes or"
                        + " MessageBody");
    }
}
