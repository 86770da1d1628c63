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
 * <p>Gatling builds every scenario from a new {@code ScenarioContext}, then builds the scenario's
 * actions with it, then reads its protocol components' onStart and onExit. The agent rewrites that
 * one constructor to call, before it returns, {@link #scenarioContextCreated(Object)}: the same
 * attach as the DSL step's ({@link Attachment#toScenario}), for every scenario. Nothing else in
 * Gatling is instrumented.
 */
public final class K6BridgeAgent {
  private static final Logger LOG = LoggerFactory.getLogger(K6BridgeAgent.class);

  private static final String SCENARIO_CONTEXT =
      GatlingInternals.SCENARIO_CONTEXT.replace('.', '/');
  private static final String HOOK_OWNER = K6BridgeAgent.class.getName().replace('.', '/');

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
    if (!JavaFloor.admits("Gatling", javaRelease, LOG)) {
      return false;
    }
    instrumentation.addTransformer(new RunTransformer());
    return true;
  }

  /** Called by the rewritten constructor, on the thread that builds the run. */
  public static void scenarioContextCreated(Object scenarioContext) {
    Attachment.toScenario(scenarioContext);
  }

  /** Adds the hook call before every return of every constructor of ScenarioContext. */
  static byte[] rewriteScenarioContext(byte[] classFile) {
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
                      "scenarioContextCreated",
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

  private static final class RunTransformer implements ClassFileTransformer {
    @Override
    public byte[] transform(
        ClassLoader loader,
        String className,
        Class<?> redefined,
        ProtectionDomain domain,
        byte[] classFile) {
      if (!SCENARIO_CONTEXT.equals(className)) {
        return null;
      }
      try {
        return rewriteScenarioContext(classFile);
      } catch (RuntimeException | LinkageError e) {
        // A class shape ASM cannot handle: leave Gatling as it is, and say so.
        LOG.warn(
            "k6bridge agent: cannot instrument {} ({}); Gatling runs without k6 metrics",
            className,
            e.toString());
        return null;
      }
    }
  }
}
