package io.k6bridge.gatling;

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
 * <p>Gatling builds its stats engine itself, so the agent rewrites one constructor: every
 * constructor of {@code DataWritersStatsEngine} gets, before each return, a call to {@link
 * #statsEngineCreated(Object)}, which attaches the bridge as {@code attach()} does. That is the
 * whole change; nothing else in Gatling is instrumented.
 */
public final class K6BridgeAgent {
  private static final Logger LOG = LoggerFactory.getLogger(K6BridgeAgent.class);

  private static final String TARGET = GatlingInternals.STATS_ENGINE.replace('.', '/');
  private static final String HOOK_OWNER = K6BridgeAgent.class.getName().replace('.', '/');
  private static final String HOOK = "statsEngineCreated";

  private K6BridgeAgent() {}

  public static void premain(String args, Instrumentation instrumentation) {
    instrumentation.addTransformer(new StatsEngineTransformer());
  }

  /** Called by the rewritten constructor, on the thread that builds the engine. */
  public static void statsEngineCreated(Object statsEngine) {
    Attachment.toStatsEngine(statsEngine);
  }

  /** Adds the hook call before every return of every constructor of the target class. */
  static byte[] rewrite(byte[] classFile) {
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
                      Opcodes.INVOKESTATIC, HOOK_OWNER, HOOK, "(Ljava/lang/Object;)V", false);
                }
                super.visitInsn(opcode);
              }
            };
          }
        },
        0);
    return writer.toByteArray();
  }

  private static final class StatsEngineTransformer implements ClassFileTransformer {
    @Override
    public byte[] transform(
        ClassLoader loader,
        String className,
        Class<?> redefined,
        ProtectionDomain domain,
        byte[] classFile) {
      if (!TARGET.equals(className)) {
        return null;
      }
      try {
        return rewrite(classFile);
      } catch (RuntimeException | LinkageError e) {
        // A class shape ASM cannot handle: leave Gatling as it is, and say so.
        LOG.warn("k6bridge agent: cannot instrument {} ({}); the run has no k6 metrics", className, e.toString());
        return null;
      }
    }
  }
}
