package io.gevent4j.monkey.patches;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * One patched JDK API. Each implementation keeps, in one file, the {@code Advice} woven into the JDK
 * class and the hub-aware code the advice reaches through {@link io.gevent4j.monkey.bridge.Bridge}.
 */
public interface Patch {
    /** Weaves the advice into the (possibly already loaded) JDK classes; throws if that fails. */
    void install(Instrumentation inst);

    /** Both patches, applied in order, as one. */
    default Patch and(Patch other) {
        Patch self = this;
        return inst -> {
            self.install(inst);
            other.install(inst);
        };
    }

    /**
     * The agent builder every patch starts from: retransformation without class-format changes
     * (advice only, no new methods or fields), bootstrap classes not ignored (matchers are by name,
     * so matching loads nothing), and any error made fatal so {@link #install} can report it.
     */
    static AgentBuilder builder(List<Throwable> errors) {
        return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.RedefinitionStrategy.Listener.ErrorEscalating.FAIL_FAST)
                .ignore(ElementMatchers.none())
                .with(new AgentBuilder.Listener.Adapter() {
                    @Override
                    public void onError(String typeName, ClassLoader classLoader, JavaModule module,
                                        boolean loaded, Throwable throwable) {
                        synchronized (errors) {
                            errors.add(throwable);
                        }
                    }
                });
    }

    /** Installs a transformer of {@code typeName} and throws the first error it met. */
    static void transform(Instrumentation inst, String typeName, AgentBuilder.Transformer transformer) {
        List<Throwable> errors = new ArrayList<>();
        builder(errors).type(ElementMatchers.named(typeName)).transform(transformer).installOn(inst);
        synchronized (errors) {
            if (!errors.isEmpty()) {
                IllegalStateException e = new IllegalStateException("cannot transform " + typeName, errors.get(0));
                errors.stream().skip(1).forEach(e::addSuppressed);
                throw e;
            }
        }
    }

    /** Shorthand for a transformer that applies one builder step. */
    interface Step {
        DynamicType.Builder<?> apply(DynamicType.Builder<?> builder, TypeDescription type);
    }

    static AgentBuilder.Transformer transformer(Step step) {
        return (builder, type, loader, module, domain) -> step.apply(builder, type);
    }

    /**
     * Exit advice for an enter advice that returns the bridge's answer, or null when the call was not
     * handled (the JDK's body then ran): the answer becomes the method's return value. Woven with
     * {@code Advice.to(Enter.class, Patch.Handled.class)}.
     */
    final class Handled {
        private Handled() {}

        @Advice.OnMethodExit
        static void exit(@Advice.Enter Object handled,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result) {
            if (handled != null) {
                result = handled;
            }
        }
    }
}
