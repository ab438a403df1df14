import pg from 'pg';

const c = new pg.Client({ connectionString: 'postgres://cordon@127.0.0.1:54329/postgres' });
await c.connect();
const name = process.argv[2];
await c.query(`drop database if exists ${name} with (force)`);
await c.query(`create database ${name}`);
await c.end();
console.log(`postgres://cordon@127.0.0.1:54329/${name}`);
