package org.lotterylab.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.time.Instant;
import org.lotterylab.io.Project;
import org.lotterylab.train.Trainer;

/**
 * Where and how a run was computed: {@code provenance.json}. One entry in {@code sessions} per
 * process that worked on the run (a resumed run has several), each with its host, JDK, kernel,
 * numerics version ({@link Trainer#NUMERICS}), level layout ({@link LevelFiles#LAYOUT}, the one
 * of the levels it wrote; absent before layout 2), git commit, start and end time and first level;
 * {@code levelSeconds} holds the wall time of every level. Determinism is per machine, kernel
 * and numerics version, so these are what to compare when two stores disagree.
 */
final class Provenance {

    private Provenance() {
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            String h = System.getenv("HOSTNAME");
            return h == null ? "unknown" : h;
        }
    }

    /** A new session entry for this process, appended to {@code prov} (created when null). */
    static ObjectNode startSession(ObjectNode prov, int firstLevel, int[] shape) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (prov == null) {
            prov = f.objectNode();
            prov.put("started", Instant.now().toString());
            prov.putArray("sessions");
            prov.putArray("levelSeconds");
        }
        ObjectNode s = ((ArrayNode) prov.get("sessions")).addObject();
        s.put("library", Project.libraryVersion());
        s.put("gitCommit", Project.gitCommit());
        s.put("jdkVersion", System.getProperty("java.version"));
        s.put("jdkVendor", System.getProperty("java.vendor"));
        s.put("vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        s.put("host", host());
        s.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        s.put("cores", Runtime.getRuntime().availableProcessors());
        s.put("kernel", Trainer.kernelName());
        s.put("numerics", Trainer.numerics(shape));
        s.put("layout", LevelFiles.LAYOUT);
        s.put("firstLevel", firstLevel);
        s.put("start", Instant.now().toString());
        s.putNull("end");
        return prov;
    }

    static void level(ObjectNode prov, int level, double seconds) {
        ArrayNode a = (ArrayNode) prov.get("levelSeconds");
        while (a.size() > level) {
            a.remove(a.size() - 1);
        }
        a.add(seconds);
        lastSession(prov).put("end", Instant.now().toString());
    }

    static void finish(ObjectNode prov) {
        String now = Instant.now().toString();
        lastSession(prov).put("end", now);
        prov.put("finished", now);
    }

    /**
     * Why this process cannot continue a run whose levels come from the sessions in {@code prov}
     * bit for bit, or null when it can: a session with another kernel or numerics version than
     * this library trains a network of {@code shape} with.
     */
    static String mismatch(ObjectNode prov, int[] shape) {
        if (prov == null) {
            return null;
        }
        for (var s : prov.get("sessions")) {
            int numerics = s.path("numerics").asInt(0);
            String kernel = s.path("kernel").asText("?");
            int ours = Trainer.numerics(shape);
            if (numerics != ours || !kernel.equals(Trainer.kernelName())) {
                return "its levels so far were computed with numerics " + numerics + " on kernel " + kernel
                        + " (git commit " + s.path("gitCommit").asText("unknown") + "), and this library computes"
                        + " numerics " + ours + " on kernel " + Trainer.kernelName()
                        + ", so resuming would mix two arithmetics in one run";
            }
        }
        return null;
    }

    /** The numerics version of the session that computed level 0; 0 when not recorded. */
    static int numerics(ObjectNode prov) {
        return prov == null || prov.get("sessions").isEmpty() ? 0
                : prov.get("sessions").get(0).path("numerics").asInt(0);
    }

    private static ObjectNode lastSession(ObjectNode prov) {
        ArrayNode s = (ArrayNode) prov.get("sessions");
        return (ObjectNode) s.get(s.size() - 1);
    }
}
