package dev.kfn.runtime.java;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Turns a handler string into a callable {@link JavaHandler}, with the rules of Lambda's Java runtime:
 * {@code pkg.Class} implementing {@link RequestHandler} or {@link RequestStreamHandler}, or
 * {@code pkg.Class::method} taking {@code (I)}, {@code (I, Context)}, {@code (InputStream, OutputStream)},
 * {@code (InputStream, OutputStream, Context)} or nothing. Events and POJOs are (de)serialised by
 * Lambda's own serialisers, so field naming matches Lambda exactly.
 */
final class JavaHandlerLoader {

    private static final byte[] NULL = "null".getBytes(StandardCharsets.UTF_8);

    private JavaHandlerLoader() {}

    static JavaHandler load(String handler, ClassLoader loader) throws ReflectiveOperationException {
        String[] parts = handler.split("::", 2);
        Class<?> type = Class.forName(parts[0], true, loader);
        String methodName = parts.length == 2 ? parts[1] : null;
        if (methodName == null || methodName.equals("handleRequest")) {
            if (RequestStreamHandler.class.isAssignableFrom(type)) {
                RequestStreamHandler target = (RequestStreamHandler) newInstance(type);
                return target::handleRequest;
            }
            if (RequestHandler.class.isAssignableFrom(type)) {
                return method(newInstance(type), handleRequest(type), loader);
            }
            if (methodName == null) {
                throw new NoSuchMethodException("Class " + type.getName()
                        + " does not implement RequestHandler or RequestStreamHandler; name a method as Class::method");
            }
        }
        Method method = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(methodName) && !m.isBridge())
                .max(Comparator.comparingInt(Method::getParameterCount))
                .orElseThrow(() -> new NoSuchMethodException(
                        "No public method named " + methodName + " in class " + type.getName()));
        Object target = Modifier.isStatic(method.getModifiers()) ? null : newInstance(type);
        return method(target, method, loader);
    }

    /** The typed {@code handleRequest(I, Context)}, not the erased bridge, so the input type is known. */
    private static Method handleRequest(Class<?> type) throws NoSuchMethodException {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals("handleRequest") && m.getParameterCount() == 2 && !m.isBridge())
                .findFirst()
                .orElseThrow(() -> new NoSuchMethodException("No handleRequest(I, Context) in " + type.getName()));
    }

    private static Object newInstance(Class<?> type) throws ReflectiveOperationException {
        var constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
    }

    private static JavaHandler method(Object target, Method method, ClassLoader loader) {
        method.setAccessible(true);
        Class<?>[] params = method.getParameterTypes();
        boolean stream = params.length >= 2 && params[0] == InputStream.class && params[1] == OutputStream.class;
        if (stream) {
            boolean withContext = params.length == 3;
            return (in, out, context) ->
                    call(target, method, withContext ? new Object[] {in, out, context} : new Object[] {in, out});
        }
        if (params.length > 2 || (params.length == 2 && params[1] != Context.class)) {
            throw new IllegalArgumentException("Unsupported handler signature: " + method);
        }
        boolean takesEvent = params.length >= 1 && params[0] != Context.class;
        boolean takesContext = params.length >= 1 && params[params.length - 1] == Context.class;
        PojoSerializer<Object> input = takesEvent ? serializer(method.getGenericParameterTypes()[0], loader) : null;
        boolean returnsValue = method.getReturnType() != void.class && method.getReturnType() != Void.class;
        PojoSerializer<Object> output = returnsValue ? serializer(method.getGenericReturnType(), loader) : null;
        return (in, out, context) -> {
            Object event = takesEvent ? readEvent(input, in) : null;
            Object[] args = takesEvent && takesContext
                    ? new Object[] {event, context}
                    : takesEvent ? new Object[] {event} : takesContext ? new Object[] {context} : new Object[0];
            Object result = call(target, method, args);
            if (output == null || result == null) {
                out.write(NULL);
            } else {
                output.toJson(result, out);
            }
        };
    }

    private static Object readEvent(PojoSerializer<Object> serializer, InputStream in) throws java.io.IOException {
        byte[] bytes = in.readAllBytes();
        return bytes.length == 0 ? null : serializer.fromJson(new String(bytes, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Type type, ClassLoader loader) {
        if (type instanceof Class<?> clazz && LambdaEventSerializers.isLambdaSupportedEvent(clazz.getName())) {
            return LambdaEventSerializers.serializerFor((Class<Object>) clazz, loader);
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
