import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSkipReason, nav, pageErrors, startWebCordon, type WebCordon } from './support/browser.ts';
import { checkScreen } from './support/screens.ts';

/**
 * The directory screen: an administrator imports people, teams and positions from YAML (pasted) and CSV
 * (picked as a file), sees the problems of a bad file row by row, edits a person, a team and a position
 * holder; a responder sees the same directory read-only, and a refusal by the server is shown with its code.
 */
const skip = browserSkipReason();
let w: WebCordon;
let ada = { id: '', password: '' };
let enzo = { password: '' };

const YAML = `people:
  - { handle: dana, name: Dana DevOps, title: Manager of DevOps, email: dana@example.com, phone: "+15550000002", chatHandle: U0DANA, positions: [manager-of-devops], teams: [devops] }
  - { handle: carl, name: Carl CTO, email: carl@example.com, phone: "+15550000003", positions: [cto] }
  - { handle: emma, name: Emma Employee, email: emma@example.com, supervisor: sam }
  - { handle: sam, name: Sam Supervisor, email: sam@example.com, phone: "+15550000001" }
teams:
  devops: { email: devops-queue@example.com, members: [dana] }
positions:
  ciso: carl
`;

before(async () => {
  if (skip) return;
  w = await startWebCordon();
  ada = await w.person('ada', ['administrator']);
  enzo = await w.person('enzo', ['engineer']);
});
after(async () => {
  if (!skip) await w?.close();
});

const person = async (handle: string) => (await w.t.api('GET', `/api/v1/directory/people/${handle}`)).json();
const row = (page: Page, name: string) => page.getByRole('row').filter({ hasText: name });

test('import a directory from pasted YAML and see the people, teams and positions', { skip }, async () => {
  const page = await w.signedIn('ada', ada.password);
  await nav(page, 'Directory');
  await page.getByText('Nobody is in the directory yet.').waitFor();
  await page.getByRole('tab', { name: 'Import' }).click();
  await page.getByLabel('YAML to import').fill(YAML);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const result = page.getByRole('status').filter({ hasText: 'Imported' });
  await result.getByText('People: 4 added, 0 updated').waitFor();
  await result.getByText('1 team', { exact: true }).waitFor();
  await checkScreen(page, 'directory-import');

  await page.getByRole('tab', { name: 'People' }).click();
  await row(page, 'Dana DevOps').getByText('Manager of DevOps').first().waitFor();
  await row(page, 'Emma Employee').getByText('Sam Supervisor').waitFor();
  await row(page, 'Carl CTO').getByText('+15550000003').waitFor();
  assert.equal(await page.getByRole('row').count(), 5, 'a header and four people');
  await checkScreen(page, 'directory-people');

  await page.getByRole('tab', { name: 'Teams' }).click();
  await page.getByTestId('team-members-devops').getByText('Members: Dana DevOps').waitFor();
  await page.getByRole('tab', { name: 'Positions' }).click();
  assert.equal(await page.getByRole('combobox', { name: 'Holder of CISO' }).inputValue(), 'Carl CTO (carl)');
  await checkScreen(page, 'directory-positions');
  assert.deepEqual(pageErrors(page), []);
});

test('a CSV with a bad row is refused row by row and changes nothing; a good file picked from disk imports', {
  skip,
}, async () => {
  const page = await w.signedIn('ada', ada.password);
  await page.goto('/directory?tab=import');
  const bad = [
    'handle,name,email,phone,teams',
    'erin,Erin Engineer,erin@example.com,+15550000008,devops',
    'bob,Bob,not-an-e-mail,+15550000009,',
    'zed,Zed,zed@example.com,12345,',
  ].join('\n');
  await page.getByLabel('Directory file').setInputFiles({
    name: 'people.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(bad),
  });
  // Picking a .csv file switches the format and shows the content for checking.
  await page.getByLabel('CSV to import').waitFor();
  assert.match(await page.getByLabel('CSV to import').inputValue(), /^handle,name,email/);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const refusal = page.getByRole('alert').filter({ hasText: 'Nothing was imported' });
  await refusal.getByText('directory.invalid_import').waitFor();
  await refusal
    .getByText(/row 3 email/)
    .first()
    .waitFor();
  await refusal
    .getByText(/row 4 phone/)
    .first()
    .waitFor();
  assert.equal((await w.t.api('GET', '/api/v1/directory/people/erin')).statusCode, 404, 'all or nothing');

  const good = [
    'handle,name,email,teams',
    'erin,Erin Engineer,erin@example.com,devops',
    'dana,Dana Diaz,,devops',
  ];
  await page.getByLabel('Directory file').setInputFiles({
    name: 'fixed.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(good.join('\n')),
  });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByText('People: 1 added, 1 updated').waitFor();
  assert.equal((await person('dana')).name, 'Dana Diaz');
  assert.deepEqual((await person('erin')).teams, ['devops']);
  assert.deepEqual(pageErrors(page), []);
});

test('edit a person (a bad phone number is shown at the field), add one, set team members and a position holder', {
  skip,
}, async () => {
  const page = await w.signedIn('ada', ada.password);
  await nav(page, 'Directory');
  await row(page, 'Sam Supervisor').getByRole('button', { name: 'Edit Sam Supervisor' }).click();
  const form = page.getByRole('form', { name: 'Edit Sam Supervisor' });
  await form.getByLabel('Job title').fill('Head of Finance');
  await form.getByLabel('Phone').fill('555-1234');
  await form.getByRole('button', { name: 'Save person' }).click();
  await form.getByText('must be an international number such as +4915112345678').first().waitFor();
  await form.getByText('validation.failed').waitFor();
  assert.equal(await form.getByLabel('Job title').inputValue(), 'Head of Finance', 'the form is kept');
  await form.getByLabel('Phone').fill('+15550000011');
  await form.getByRole('button', { name: 'Save person' }).click();
  await row(page, 'Sam Supervisor').getByText('Head of Finance').waitFor();
  assert.equal((await person('sam')).phone, '+15550000011');

  // "Text me, don't call": the person's choice of channels, set in the form and shown in the list.
  await row(page, 'Sam Supervisor').getByRole('button', { name: 'Edit Sam Supervisor' }).click();
  const prefs = page.getByRole('form', { name: 'Edit Sam Supervisor' });
  const dontReach = prefs.getByRole('group', { name: "Don't reach this person by" });
  await dontReach.getByRole('checkbox', { name: 'Voice calls' }).check();
  await dontReach.getByRole('checkbox', { name: 'E-mail messages' }).check();
  await prefs.getByRole('button', { name: 'Save person' }).click();
  await row(page, 'Sam Supervisor').getByText("Don't reach by: e-mail, voice call").waitFor();
  assert.deepEqual((await person('sam')).avoidChannels, ['email', 'voice']);
  await row(page, 'Sam Supervisor').getByRole('button', { name: 'Edit Sam Supervisor' }).click();
  assert.ok(
    await page
      .getByRole('form', { name: 'Edit Sam Supervisor' })
      .getByRole('checkbox', { name: 'Voice calls' })
      .isChecked(),
    'the form shows the stored choice',
  );
  await page
    .getByRole('form', { name: 'Edit Sam Supervisor' })
    .getByRole('button', { name: 'Cancel' })
    .click();

  await page.getByRole('button', { name: 'Add a person' }).click();
  const add = page.getByRole('form', { name: 'Add a person' });
  await add.getByRole('textbox', { name: 'Handle', exact: true }).fill('cathy');
  await add.getByLabel('Full name').fill('Cathy CEO');
  await add.getByLabel('E-mail', { exact: true }).fill('cathy@example.com');
  await add.getByRole('combobox', { name: 'Positions' }).click();
  await page.getByRole('option', { name: 'CEO', exact: true }).click();
  await page.keyboard.press('Escape');
  await add.getByRole('button', { name: 'Add person' }).click();
  await row(page, 'Cathy CEO').getByText('CEO', { exact: true }).waitFor();

  await page.getByRole('tab', { name: 'Teams' }).click();
  await page.getByRole('button', { name: 'Edit DevOps' }).click();
  const team = page.getByRole('form', { name: 'Members of DevOps' });
  await team.getByRole('combobox', { name: 'Members' }).click();
  await page.getByRole('option', { name: 'Sam Supervisor (sam)' }).click();
  await page.keyboard.press('Escape');
  await team.getByRole('button', { name: 'Save team' }).click();
  await page
    .getByTestId('team-members-devops')
    .getByText(/Sam Supervisor/)
    .waitFor();
  const devops = (await w.t.api('GET', '/api/v1/directory/teams'))
    .json()
    .items.find((t: { key: string }) => t.key === 'devops');
  assert.ok(devops.members.includes('sam'), JSON.stringify(devops));

  await page.getByRole('tab', { name: 'Positions' }).click();
  await page.getByRole('combobox', { name: 'Holder of CTO' }).click();
  await page.getByRole('option', { name: 'Erin Engineer (erin)' }).click();
  await page.getByRole('button', { name: 'Save CTO' }).click();
  await page.getByText('CTO: Erin Engineer.').waitFor();
  const positions = (await w.t.api('GET', '/api/v1/directory/positions')).json().items;
  assert.equal(positions.find((p: { key: string }) => p.key === 'cto').holder, 'erin');
  assert.deepEqual(pageErrors(page), []);
});

test('a responder reads the directory without edit controls; a refused change shows the code', {
  skip,
}, async () => {
  const page = await w.signedIn('enzo', enzo.password);
  await nav(page, 'Directory');
  await row(page, 'Dana Diaz').waitFor();
  assert.equal(await page.getByRole('button', { name: /^Edit/ }).count(), 0);
  assert.equal(await page.getByRole('tab', { name: 'Import' }).count(), 0);
  await page.getByRole('tab', { name: 'Positions' }).click();
  await page.getByRole('row', { name: /CTO Erin Engineer/ }).waitFor();
  await checkScreen(page, 'directory-read-only');

  // An administrator loses the right while the form is open: the server refuses, the screen says so.
  const admin = await w.signedIn('ada', ada.password);
  await nav(admin, 'Directory');
  await row(admin, 'Carl CTO').getByRole('button', { name: 'Edit Carl CTO' }).click();
  const demoted = await w.t.api('PATCH', `/api/v1/users/${ada.id}`, { body: { roles: ['engineer'] } });
  assert.equal(demoted.statusCode, 200, demoted.body);
  const form = admin.getByRole('form', { name: 'Edit Carl CTO' });
  await form.getByLabel('Job title').fill('Chief Technology Officer');
  await form.getByRole('button', { name: 'Save person' }).click();
  await form.getByRole('alert').getByText('auth.forbidden').waitFor();
  assert.equal((await person('carl')).title, null);
  assert.deepEqual(pageErrors(page), []);
});
