package dev.rehearsal.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the parties to a measurement: this JVM, the DynamoDB Local JVM, the S3Proxy JVM,
 * and the whole machine (which includes the aws CLI and anything else running, such as other
 * builds). On a two-core machine this is what tells a slow backup from a saturated server. Linux
 * only; elsewhere the servers and machine figures read as zero.
 */
final class CpuMeter {

    private final long dynamoPid;
    private final long s3Pid;
    private final double ticksPerSecond;

    /** CPU seconds consumed so far, and when they were read. */
    record Reading(long nanoTime, double benchSeconds, double dynamoSeconds, double s3Seconds, double machineBusySeconds) {
    }

    /** Average cores busy over an interval. */
    record Usage(double bench, double dynamo, double s3, double machine) {
    }

    /** A pid of 0 stands for a server that is not running; its figures read as zero. */
    CpuMeter(long dynamoPid, long s3Pid, int clockTicksPerSecond) {
        this.dynamoPid = dynamoPid;
        this.s3Pid = s3Pid;
        this.ticksPerSecond = clockTicksPerSecond;
    }

    Reading read() {
        double bench = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            bench = os.getProcessCpuTime() / 1e9;
        }
        return new Reading(System.nanoTime(), bench, processSeconds(dynamoPid), processSeconds(s3Pid), machineBusySeconds());
    }

    static Usage between(Reading from, Reading to) {
        double wall = (to.nanoTime() - from.nanoTime()) / 1e9;
        if (wall <= 0) {
            return new Usage(0, 0, 0, 0);
        }
        return new Usage((to.benchSeconds() - from.benchSeconds()) / wall,
                (to.dynamoSeconds() - from.dynamoSeconds()) / wall,
                (to.s3Seconds() - from.s3Seconds()) / wall,
                (to.machineBusySeconds() - from.machineBusySeconds()) / wall);
    }

    /** utime + stime of a process, fields 14 and 15 of /proc/PID/stat (counted after the parenthesised name). */
    private double processSeconds(long pid) {
        return processSeconds(pid, false, ticksPerSecond);
    }

    /**
     * CPU seconds of a process; with {@code endedChildren}, also those of its children that have
     * ended and been waited for (cutime and cstime, fields 16 and 17), such as a PostgreSQL server's
     * backends that closed their connections. 0 for a pid of 0 or a process that is gone.
     */
    static double processSeconds(long pid, boolean endedChildren, double ticksPerSecond) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String[] f = statFields(pid);
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (endedChildren) {
                ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return ticks / ticksPerSecond;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The fields of /proc/PID/stat after the parenthesised name: [0] is the state, [1] the parent pid. */
    static String[] statFields(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** All CPUs' time not idle and not waiting for I/O, from the first line of /proc/stat. */
    private double machineBusySeconds() {
        return machineBusySeconds(ticksPerSecond);
    }

    static double machineBusySeconds(double ticksPerSecond) {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / ticksPerSecond;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
