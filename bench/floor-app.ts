/**
 * The floor of any synth: load cdktf and synthesize one empty stack. The bench copies this file as
 * `main.ts` into a scratch copy of the project, so `npm run synth` and `cdktf synth` run it with
 * exactly the command (package.json, cdktf.json, tsconfig.json) they run our app with.
 */
import { App, TerraformStack } from 'cdktf';

const app = new App();
new TerraformStack(app, 'floor');
app.synth();
