package dev.rehearsal.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the three parties to a measurement: this JVM, the DynamoDB Local JVM, and the whole
 * machine (which includes the aws CLI and anything else running, such as other builds). On a
 * two-core machine this is what tells a slow backup from a saturated server. Linux only; elsewhere
 * the server and machine figures read as zero.
 */
final class CpuMeter {

    private final long serverPid;
    private final double ticksPerSecond;

    /** CPU seconds consumed so far, and when they were read. */
    record Reading(long nanoTime, double benchSeconds, double serverSeconds, double machineBusySeconds) {
    }

    /** Average cores busy over an interval. */
    record Usage(double bench, double server, double machine) {
    }

    CpuMeter(long serverPid, int clockTicksPerSecond) {
        this.serverPid = serverPid;
        this.ticksPerSecond = clockTicksPerSecond;
    }

    Reading read() {
        double bench = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            bench = os.getProcessCpuTime() / 1e9;
        }
        return new Reading(System.nanoTime(), bench, processSeconds(serverPid), machineBusySeconds());
    }

    static Usage between(Reading from, Reading to) {
        double wall = (to.nanoTime() - from.nanoTime()) / 1e9;
        if (wall <= 0) {
            return new Usage(0, 0, 0);
        }
        return new Usage((to.benchSeconds() - from.benchSeconds()) / wall,
                (to.serverSeconds() - from.serverSeconds()) / wall,
                (to.machineBusySeconds() - from.machineBusySeconds()) / wall);
    }

    /** utime + stime of a process, fields 14 and 15 of /proc/PID/stat (counted after the parenthesised name). */
    private double processSeconds(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / ticksPerSecond;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** All CPUs' time not idle and not waiting for I/O, from the first line of /proc/stat. */
    private double machineBusySeconds() {
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
