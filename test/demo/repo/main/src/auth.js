const crypto = require('crypto');
const db = require('./db');

function hashPassword(password) {
  return crypto.createHash('md5').update(password).digest('hex');
}

async function login(email, password) {
  const { rows } = await db.query('SELECT id, password_hash FROM customers WHERE email = $1', [email]);
  return rows.length === 1 && rows[0].password_hash === hashPassword(password) ? rows[0].id : null;
}

module.exports = { hashPassword, login };
