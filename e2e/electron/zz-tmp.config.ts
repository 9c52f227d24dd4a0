import { defineConfig } from '@playwright/test';
import { electronProject } from './project';
export default defineConfig({ projects: [electronProject], reporter: [['list']], outputDir: '/tmp/elb-pw-out' });
