package io.k6bridge.gatling;

import io.k6bridge.engine.JavaFloor;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The no-code-change way to enable the bridge: {@code -javaagent:k6bridge-gatling-<version>.jar}
 * (through gatling-maven-plugin's {@code jvmArgs}, for example). The jar must also be on the class
 * path (a test dependency), as it is with the one-line {@link K6Bridge#attach()}.
 *
 * <p>Gatling builds its run itself, so the agent rewrites two constructors. {@code CoreComponents}
 * (the run's stats engine and controller) gets, before each return, a call to {@link
 * #coreComponentsCreated(Object)}, which attaches the bridge as {@code attach()} does. {@code
 * Scenario} gets, on entry, its {@code onStart}/{@code onExit} arguments passed through {@link
 * #scenarioOnStart}/{@link #scenarioOnExit}, which add the bridge's iteration timing ({@link
 * IterationTiming}) when the bridge is attached. Nothing else in Gatling is instrumented.
 */
public final class K6BridgeAgent {
  private static final Logger LOG = LoggerFactory.getLogger(K6BridgeAgent.class);

  private static final String CORE_COMPONENTS = GatlingInternals.CORE_COMPONENTS.replace('.', '/');
  private static final String SCENARIO = GatlingInternals.SCENARIO.replace('.', '/');
  private static final String HOOK_OWNER = K6BridgeAgent.class.getName().replace('.', '/');
  private static final String FUNCTION = "scala/Function1";
  private static final String WRAP = "(Ljava/lang/Object;)Ljava/lang/Object;";

  /**
   * How the Scenario constructor's descriptor starts (3.15: then the context; 3.14: the injection
   * profile and the context); its locals 3 and 4 are onStart and onExit.
   */
  private static final String SCENARIO_INIT =
      "(Ljava/lang/String;Lio/gatling/core/action/Action;Lscala/Function1;Lscala/Function1;";

  private K6BridgeAgent() {}

  public static void premain(String args, Instrumentation instrumentation) {
    install(JavaFloor.running(), instrumentation);
  }

  /**
   * Installs the agent on a JVM of feature release {@code javaRelease}; on one older than 17 says
   * so and leaves Gatling as it is: this class is Java 11 bytecode, so it loads there.
   *
   * @return whether it was installed
   */
  static boolean install(int javaRelease, Instrumentation instrumentation) {
    String refusal = JavaFloor.refusal("Gatling", javaRelease);
    if (refusal != null) {
      LOG.error(refusal);
      System.err.println("ERROR " + refusal);
      return false;
    }
    instrumentation.addTransformer(new RunTransformer());
    return true;
  }

  /** Called by the rewritten constructor, on the thread that builds the run. */
  public static void coreComponentsCreated(Object coreComponents) {
    Attachment.toCoreComponents(coreComponents);
  }

  /** A scenario's onStart, with the bridge's iteration start when the bridge is attached. */
  @SuppressWarnings("unchecked")
  public static Object scenarioOnStart(Object onStart) {
    K6DataWriter writer = Attachment.current();
    return writer == null
        ? onStart
        : IterationTiming.onStart(
            (scala.Function1<io.gatling.core.session.Session, io.gatling.core.session.Session>)
                onStart,
            writer);
  }

  /** A scenario's onExit, with the bridge's iteration end when the bridge is attached. */
  @SuppressWarnings("unchecked")
  public static Object scenarioOnExit(Object onExit) {
    return Attachment.current() == null
        ? onExit
        : IterationTiming.onExit(
            (scala.Function1<io.gatling.core.session.Session, scala.runtime.BoxedUnit>) onExit);
  }

  /** Adds the hook call before every return of every constructor of CoreComponents. */
  static byte[] rewriteCoreComponents(byte[] classFile) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (!"<init>".equals(name)) {
              return mv;
            }
            return new MethodVisitor(Opcodes.ASM9, mv) {
              @Override
              public void visitInsn(int opcode) {
                if (opcode == Opcodes.RETURN) {
                  super.visitVarInsn(Opcodes.ALOAD, 0);
                  super.visitMethodInsn(
                      Opcodes.INVOKESTATIC,
                      HOOK_OWNER,
                      "coreComponentsCreated",
                      "(Ljava/lang/Object;)V",
                      false);
                }
                super.visitInsn(opcode);
              }
            };
          }
        },
        0);
    return writer.toByteArray();
  }

  /** Passes the Scenario constructor's onStart and onExit through the hooks, on entry. */
  static byte[] rewriteScenario(byte[] classFile) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    boolean[] found = new boolean[1];
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (!"<init>".equals(name) || !descriptor.startsWith(SCENARIO_INIT)) {
              return mv;
            }
            found[0] = true;
            return new MethodVisitor(Opcodes.ASM9, mv) {
              @Override
              public void visitCode() {
                super.visitCode();
                wrap(this, 3, "scenarioOnStart");
                wrap(this, 4, "scenarioOnExit");
              }
            };
          }
        },
        0);
    if (!found[0]) {
      throw new IllegalStateException("no constructor " + SCENARIO_INIT);
    }
    return writer.toByteArray();
  }

  private static void wrap(MethodVisitor mv, int local, String hook) {
    mv.visitVarInsn(Opcodes.ALOAD, local);
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK_OWNER, hook, WRAP, false);
    mv.visitTypeInsn(Opcodes.CHECKCAST, FUNCTION);
    mv.visitVarInsn(Opcodes.ASTORE, local);
  }

  private static final class RunTransformer implements ClassFileTransformer {
    @Override
    public byte[] transform(
        ClassLoader loader,
        String className,
        Class<?> redefined,
        ProtectionDomain domain,
        byte[] classFile) {
      try {
        if (CORE_COMPONENTS.equals(className)) {
          return rewriteCoreComponents(classFile);
        }
        if (SCENARIO.equals(className)) {
          return rewriteScenario(classFile);
        }
        return null;
      } catch (RuntimeException | LinkageError e) {
        // A class shape ASM cannot handle: leave Gatling as it is, and say so.
        LOG.warn(
            "k6bridge agent: cannot instrument {} ({}); Gatling runs it unchanged, without k6"
                + " metrics (CoreComponents) or iteration_duration (Scenario)",
            className,
            e.toString());
        return null;
      }
    }
  }
}
