/** Route → screen. Only the top screen is mounted: leaving it aborts its fetches (jobs live on in the JobManager). */
import { BoxScreen } from './BoxScreen.js';
import { ExposureScreen } from './ExposureScreen.js';
import { FleetScreen } from './FleetScreen.js';
import { JobScreen } from './JobScreen.js';
import type { Route } from './routes.js';
import { SubsystemScreen } from './SubsystemScreen.js';

export function Screen({ route, width, height }: { route: Route; width: number; height: number }) {
  switch (route.kind) {
    case 'fleet': return <FleetScreen route={route} width={width} height={height} />;
    case 'box': return <BoxScreen route={route} width={width} height={height} />;
    case 'exposure': return <ExposureScreen route={route} width={width} height={height} />;
    case 'subsystem': return <SubsystemScreen route={route} width={width} height={height} />;
    case 'job': return <JobScreen route={route} width={width} height={height} />;
  }
}
