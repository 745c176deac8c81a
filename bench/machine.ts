import { cpus, loadavg, totalmem } from 'node:os';

/** Where the figures were measured: every ratio in a report is only valid for this machine and run. */
export interface MachineInfo {
	readonly date: string;
	readonly nproc: number;
	readonly cpuModel: string;
	readonly node: string;
	readonly platform: string;
	readonly memoryGb: number;
	/** 1-minute load average when the run started and ended: a busy neighbour shows here. */
	loadAtStart: number;
	loadAtEnd?: number;
}

export function machineInfo(): MachineInfo {
	const cores = cpus();
	return {
		date: new Date().toISOString(),
		nproc: cores.length,
		cpuModel: cores[0]?.model.trim() ?? 'unknown',
		node: process.version,
		platform: `${process.platform} ${process.arch}`,
		memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
		loadAtStart: loadavg()[0],
	};
}
